///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff generate-sigstore-key --output-prefix P: a sigstore key pair, P.private and P.pub, as skopeo writes them.
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang generate-sigstore-key …` or `jbang generate-sigstore-key@<catalog> …`.
class generate_sigstore_key {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("generate-sigstore-key", args);
    }
}
