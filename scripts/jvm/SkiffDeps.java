//DEPS dev.skiff:skiff-parent:0.1.0-SNAPSHOT@pom
// The one version the scripts name: skiff-parent's dependency management gives skiff-cli and skiff-dsl
// theirs, so the scripts list them without one. It must be the pom's <version> (a spec checks it).

/** Included by the JVM profiles next to it (JBang's //SOURCES): it only carries the //DEPS line above. */
class SkiffDeps {
}
