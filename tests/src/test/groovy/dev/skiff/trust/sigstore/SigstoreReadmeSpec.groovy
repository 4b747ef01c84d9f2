package dev.skiff.trust.sigstore

import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.RegistryRig
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The "Sigstore keys" lines in docs/trust.md, as written there: {@code ./jbang X …} lines run the real
 * command in the work directory, other lines run in bash; the registry is a real one.
 */
class SigstoreReadmeSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start()

    @TempDir Path work

    static List<String> lines() {
        Docs.commands('docs/trust.md', 'sigstore-keys')
    }

    Map run(String line) {
        if (line.startsWith('./jbang ')) {
            def run = Cli.runIn(work, *line.substring('./jbang '.length()).split(' '))
            return [line: line, exit: run.exitCode, out: run.out + run.err]
        }
        def p = new ProcessBuilder('bash', '-c', line).directory(work.toFile()).redirectErrorStream(true).start()
        def out = p.inputStream.text
        [line: line, exit: p.waitFor(), out: out]
    }

    def "the trust page's sigstore lines make a key, sign on push, and copy back under a sigstoreSigned policy"() {
        given:
        def lines = lines().collect { it.replace('127.0.0.1:5000', registry.host) }

        when:
        def results = lines.collect { run(it) }

        then: 'every line succeeds, the last one under the policy'
        lines.size() == 7
        results.findAll { it.exit != 0 } == []
        lines.last().startsWith('./jbang copy --policy policy.json')
        Files.exists(work.resolve('checked/index.json'))

        when: 'the same policy with a key that did not sign it'
        run('./jbang generate-sigstore-key --output-prefix otherkey --passphrase-file pass.txt')
        run("sed -i 's#/mykey.pub#/otherkey.pub#' policy.json")
        def refused = run(lines.last().replace('./checked', './refused'))

        then:
        refused.exit == 1
        refused.out.contains('cryptographic signature verification failed')
        !Files.exists(work.resolve('refused'))
    }
}
