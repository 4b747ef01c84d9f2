///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff catalog REGISTRY: lists the repositories of a registry, one per line (or --json), every page followed.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang catalog …` or `jbang catalog@<catalog> …`.
class catalog {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("catalog", args);
    }
}
