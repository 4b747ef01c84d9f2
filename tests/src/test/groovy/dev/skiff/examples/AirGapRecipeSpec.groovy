package dev.skiff.examples

import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The air-gap recipe in docs/air-gap.md, line by line as written there: {@code ./jbang X …} lines run the real
 * command in the work directory, other lines run in bash; the two registries are real ones.
 */
class AirGapRecipeSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    @Shared
    @AutoCleanup
    RegistryRig connected = RegistryRig.start()

    @Shared
    @AutoCleanup
    RegistryRig disconnected = RegistryRig.start()

    @TempDir
    Path work

    static List<String> recipe() {
        Docs.commands('docs/air-gap.md', 'air-gap-recipe')
    }

    def "the air-gap recipe carries a multi-platform image across and ends with a passing verify"() {
        given:
        def index = Images.multi(connected.ref('team/app:v1'))
        def lines = recipe().collect { it.replace('127.0.0.1:5000', connected.host).replace('127.0.0.1:5001', disconnected.host) }

        when:
        def results = lines.collect { line ->
            if (line.startsWith('./jbang ')) {
                def run = Cli.runIn(work, *line.substring('./jbang '.length()).split(' '))
                [line: line, exit: run.exitCode, out: run.out + run.err]
            } else {
                def p = new ProcessBuilder('bash', '-c', line).directory(work.toFile()).redirectErrorStream(true).start()
                def out = p.inputStream.text
                [line: line, exit: p.waitFor(), out: out]
            }
        }

        then: 'every line succeeds'
        lines.size() == 7
        results.findAll { it.exit != 0 } == []

        and: 'the last step is verify, and it proved every platform'
        lines.last().startsWith('./jbang verify --all')
        results.last().out.contains("Verified: docker://${disconnected.host}/team/app:v1 holds what oci-archive:./carry.tar:app-v1 holds")
        results.last().out =~ /\(index\)\s+${index.digest()}\s+${index.digest()}\s+yes/
        results.last().out.readLines().count { it.endsWith(' yes') } == 3
    }
}
