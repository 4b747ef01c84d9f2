//SOURCES SkiffDeps.java
//JAVA_OPTIONS -XX:Tier4InvocationThreshold=100000 -XX:Tier4MinInvocationThreshold=50000 -XX:Tier4CompileThreshold=150000 -XX:Tier4BackEdgeThreshold=1000000
// C2 thresholds tenfold: SHA-256 still reaches C2 (its intrinsic is C2's alone), start-up code no
// longer does (docs/performance.md).

/** The JVM options of a command that moves and hashes image data (copy, verify…); a script includes it with //SOURCES. */
class DataRun {
}
