package dev.skiff.trust.ocicrypt

import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The ocicrypt walk-through in docs/encryption.md, line by line as written there: {@code ./jbang X …} lines run the
 * real command in the work directory, other lines (openssl, skopeo) run in bash.
 */
class OciCryptReadmeSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    @TempDir
    Path work

    static List<String> walkthrough() {
        Docs.commands('docs/encryption.md', 'ocicrypt-walkthrough')
    }

    def "the walk-through encrypts an image, shows and verifies it, and decrypts it with Skiff and with skopeo"() {
        given:
        def lines = walkthrough()

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
        def out = { String start -> results.find { it.line.startsWith(start) }.out }

        then: 'every line succeeds'
        lines.size() == 9
        results.findAll { it.exit != 0 } == []

        and:
        out('./jbang copy --encryption-key').contains('encrypted 2 layers (ocicrypt)')
        out('./jbang inspect').count('application/vnd.oci.image.layer.v1.tar+gzip+encrypted') == 2
        out('./jbang verify oci').contains('are encrypted (ocicrypt, for jwe)')
        out('./jbang verify --decryption-key').contains('were decrypted with the key given (HMAC checked)')

        and: 'Skiff and skopeo decrypt to the same layers as the plain image'
        def layers = { String name -> Peers.manifest(work.resolve(name), 'v1').layers*.digest }
        layers('decrypted') == layers('plain')
        layers('by-skopeo') == layers('plain')
    }
}
