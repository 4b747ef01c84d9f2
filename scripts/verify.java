///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/DataRun.java
//DEPS dev.skiff:skiff-cli

// skiff verify SOURCE DESTINATION | verify --deep IMAGE: proves by digest that what arrived is what left; exit 0 equal or intact, 1 otherwise.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang verify …` or `jbang verify@<catalog> …`.
class verify {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("verify", args);
    }
}
