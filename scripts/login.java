///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/ShortRun.java
//DEPS dev.skiff:skiff-cli

// skiff login REGISTRY: checks credentials with the registry, then saves them in the auth file (skopeo login).
// A thin front over dev.skiff.cli.SkiffCli; run it as `./jbang login …` or `jbang login@<catalog> …`.
class login {
    public static void main(String... args) {
        dev.skiff.cli.SkiffCli.exit("login", args);
    }
}
