///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/DataRun.java
//DEPS dev.skiff:skiff-cli

// skiff sample-image DEST: writes a small real image (random tar+gzip layers), to rehearse offline.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang sample-image …` or `jbang sample-image@<catalog> …`.
class sample_image {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("sample-image", args);
    }
}
