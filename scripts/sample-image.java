///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=50000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=1000000
// JIT: C2 thresholds tenfold: SHA-256 still reaches C2, start-up code no longer does (README, Performance).
//DEPS dev.skiff:skiff-cli:0.1.0-SNAPSHOT

// skiff sample-image DEST: writes a small real image (random tar+gzip layers), to rehearse offline.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang sample-image …` or `jbang sample-image@<catalog> …`.
class sample_image {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("sample-image", args);
    }
}
