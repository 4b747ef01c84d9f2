///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1
// JIT: C1 only. A short command that hashes no blob starts sooner (README, Performance). Not the serial GC: in Java 17 the CDS archive maps its heap objects with G1 only.
//DEPS dev.skiff:skiff-cli:0.1.0-SNAPSHOT

// skiff delete IMAGE: deletes a registry manifest (docker://) or an OCI layout tag and its unshared blobs (oci:).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang delete …` or `jbang delete@<catalog> …`.
class delete {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("delete", args);
    }
}
