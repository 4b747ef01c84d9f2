///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff standalone-sign: skopeo's standalone-sign (GPG simple signing of a manifest file).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang standalone-sign …` or `jbang standalone-sign@<catalog> …`.
class standalone_sign {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("standalone-sign", args);
    }
}
