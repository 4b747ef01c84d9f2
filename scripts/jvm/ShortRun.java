//SOURCES SkiffDeps.java
//JAVA_OPTIONS -XX:TieredStopAtLevel=1
// C1 only: a short command that hashes no blob starts sooner (docs/performance.md). Not the serial GC:
// in Java 17 the CDS archive maps its heap objects with G1 only.

/** The JVM options of a command that moves no image data (inspect, list-tags, login…); a script includes it with //SOURCES. */
class ShortRun {
}
