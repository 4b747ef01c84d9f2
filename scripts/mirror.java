///usr/bin/env jbang "$0" "$@" ; exit $?
//JAVA 17+
//SOURCES jvm/SyncRun.java
//DEPS dev.skiff:skiff-dsl

// skiff mirror PLAN.groovy [--dry-run] [--keep-going] [--parallel N]: runs a Groovy mirror plan on the sync engine.
// The plan is compiled with the Groovy jars from Maven Central (a dependency of skiff-dsl), not JBang's .groovy support.
// Run it as `./jbang mirror …` or `jbang mirror@<catalog> …`.
class mirror {
    public static void main(String... args) {
        dev.skiff.dsl.MirrorCommand.main(args);
    }
}
