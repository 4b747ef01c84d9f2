///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff inventory PLACE…: writes a JSON inventory of what a registry, layout, archive or dir: tree holds.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang inventory …` or `jbang inventory@<catalog> …`.
class inventory {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("inventory", args);
    }
}
