///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff inspect IMAGE: prints an image's manifest, config and digest (skopeo's JSON shape; --raw for bytes).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang inspect …` or `jbang inspect@<catalog> …`.
class inspect {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("inspect", args);
    }
}
