///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff logout REGISTRY / --all: removes saved credentials from the auth file (skopeo logout).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang logout …` or `jbang logout@<catalog> …`.
class logout {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("logout", args);
    }
}
