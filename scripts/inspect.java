///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=50000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=1000000
//DEPS dev.skiff:skiff-lib:0.1.0-SNAPSHOT

// skiff inspect IMAGE: prints an image's manifest, config and digest (skopeo's JSON shape; --raw for bytes).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang inspect …` or `jbang inspect@<catalog> …`.
class inspect {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("inspect", args);
    }
}
