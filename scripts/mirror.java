///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=50000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=1000000 -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000
// JIT: C2 thresholds tenfold: SHA-256 still reaches C2, start-up code no longer does. C1 thresholds tenfold too:
// a no-op sync's per-image code runs a few hundred times, cheaper interpreted than compiled (README, Performance).
//DEPS dev.skiff:skiff-dsl:0.1.0-SNAPSHOT

// skiff mirror PLAN.groovy [--dry-run] [--keep-going] [--parallel N]: runs a Groovy mirror plan on the sync engine.
// The plan is compiled with the Groovy jars from Maven Central (a dependency of skiff-dsl), not JBang's .groovy support.
// Run it as `./jbang mirror …` or `jbang mirror@<catalog> …`.
class mirror {
    public static void main(String... args) {
        dev.skiff.dsl.MirrorCommand.main(args);
    }
}
