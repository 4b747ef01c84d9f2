///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//JAVA_OPTIONS -XX:TieredStopAtLevel=1
// JIT: C1 only. A short command that hashes no blob starts sooner (README, Performance). Not the serial GC: in Java 17 the CDS archive maps its heap objects with G1 only.
//DEPS dev.skiff:skiff-cli:0.1.0-SNAPSHOT

// skiff login REGISTRY: checks credentials with the registry, then saves them in the auth file (skopeo login).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang login …` or `jbang login@<catalog> …`.
class login {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("login", args);
    }
}
