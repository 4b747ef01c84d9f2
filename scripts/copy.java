///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/DataRun.java
//DEPS dev.skiff:skiff-cli

// skiff copy SRC DST: copies an image between registries, OCI layouts, archives and directories.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang copy …` or `jbang copy@<catalog> …`.
class copy {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("copy", args);
    }
}
