///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff delete IMAGE: deletes a registry manifest (docker://) or an OCI layout tag and its unshared blobs (oci:).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang delete …` or `jbang delete@<catalog> …`.
class delete {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("delete", args);
    }
}
