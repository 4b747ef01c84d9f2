//SOURCES DataRun.java
//JAVA_OPTIONS -XX:Tier3InvocationThreshold=2000 -XX:Tier3MinInvocationThreshold=1000 -XX:Tier3CompileThreshold=20000 -XX:Tier3BackEdgeThreshold=600000
// DataRun's options, and C1 thresholds tenfold too: a no-op sync's per-image code runs a few hundred
// times, cheaper interpreted than compiled (docs/performance.md).

/** The JVM options of a command that walks many images (sync, mirror); a script includes it with //SOURCES. */
class SyncRun {
}
