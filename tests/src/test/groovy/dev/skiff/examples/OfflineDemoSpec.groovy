package dev.skiff.examples

import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Isolated
import spock.lang.Specification

/** The README's main job: examples/offline-demo.sh runs the real ./jbang commands end to end. */
@Isolated("runs ./jbang in this working tree, which rebuilds lib, cli and dsl with Maven (into its target/launcher/m2): their classes and resources are rewritten under every other spec")
class OfflineDemoSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    def "the offline demo pushes, pulls and inspects sample images through ./jbang, skopeo agrees, and the quickstart plan mirrors"() {
        when:
        def builder = new ProcessBuilder(ROOT.resolve('examples/offline-demo.sh').toString()).redirectErrorStream(true)
        // Third-party artifacts from this build's local repository, not ~/.m2 (Skiff's jars go to target/launcher/m2).
        builder.environment().put('SKIFF_M2_REPO', dev.skiff.catalog.Shell.userRepository().toString())
        def process = builder.start()
        def output = new StringBuilder()
        def reader = Thread.start { output << process.inputStream.getText('UTF-8') }
        def finished = process.waitFor(5, TimeUnit.MINUTES)
        reader.join(10_000)

        then:
        finished
        process.exitValue() == 0
        output.contains('+ skiff copy --dest-tls-verify=false oci:./layout:v1 docker://127.0.0.1:')
        output.contains('index digest kept across the copy: sha256:')
        output.contains('skopeo reads the same index')
        output.contains('+ skiff mirror ' + ROOT.resolve('examples/quickstart.groovy'))
        output.contains('Sync done: 3 copied')
        output.contains('mirror/team/app:v2')
        output.contains('Sync done: 0 copied (0 B), 3 skipped as up to date, 0 failed')
        output.toString().trim().endsWith('offline demo: OK')
    }
}
