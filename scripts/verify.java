///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=50000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=1000000
// JIT: C2 thresholds tenfold: SHA-256 still reaches C2, start-up code no longer does (README, Performance).
//DEPS dev.skiff:skiff-cli:0.1.0-SNAPSHOT

// skiff verify SOURCE DESTINATION | verify --deep IMAGE: proves by digest that what arrived is what left; exit 0 equal or intact, 1 otherwise.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang verify …` or `jbang verify@<catalog> …`.
class verify {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("verify", args);
    }
}
