///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=50000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=1000000
//DEPS dev.skiff:skiff-lib:0.1.0-SNAPSHOT

// skiff manifest-digest FILE: prints the digest of a manifest file, as skopeo manifest-digest does.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang manifest-digest …` or `jbang manifest-digest@<catalog> …`.
class manifest_digest {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("manifest-digest", args);
    }
}
