///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/SyncRun.java
//DEPS dev.skiff:skiff-cli

// skiff sync --src … --dest … SOURCE DESTINATION: mirrors images, skipping those already up to date (skopeo sync).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang sync …` or `jbang sync@<catalog> …`.
class sync {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("sync", args);
    }
}
