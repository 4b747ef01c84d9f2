///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff manifest-digest FILE: prints the digest of a manifest file, as skopeo manifest-digest does.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang manifest-digest …` or `jbang manifest-digest@<catalog> …`.
class manifest_digest {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("manifest-digest", args);
    }
}
