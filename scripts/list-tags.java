///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff list-tags SOURCE: prints the tags of a repository or of a layout or archive (skopeo's JSON shape).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang list-tags …` or `jbang list-tags@<catalog> …`.
class list_tags {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("list-tags", args);
    }
}
