///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=50000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=1000000 -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000
// JIT: C2 thresholds tenfold: SHA-256 still reaches C2, start-up code no longer does. C1 thresholds tenfold too:
// a no-op sync's per-image code runs a few hundred times, cheaper interpreted than compiled (README, Performance).
//DEPS dev.skiff:skiff-cli:0.1.0-SNAPSHOT

// skiff sync --src … --dest … SOURCE DESTINATION: mirrors images, skipping those already up to date (skopeo sync).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang sync …` or `jbang sync@<catalog> …`.
class sync {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("sync", args);
    }
}
