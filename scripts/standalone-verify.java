///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff standalone-verify: skopeo's standalone-verify (GPG simple signing of a manifest file).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang standalone-verify …` or `jbang standalone-verify@<catalog> …`.
class standalone_verify {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("standalone-verify", args);
    }
}
