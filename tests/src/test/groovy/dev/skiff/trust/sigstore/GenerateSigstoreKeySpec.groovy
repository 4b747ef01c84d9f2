package dev.skiff.trust.sigstore

import dev.skiff.rig.Cli
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import spock.lang.Specification
import spock.lang.TempDir

/** {@code generate-sigstore-key}, run as a user runs it, against skopeo 1.9.3's behaviour and the python peer. */
class GenerateSigstoreKeySpec extends Specification {
    @TempDir Path dir

    def "generate-sigstore-key writes PREFIX.private and PREFIX.pub, says so as skopeo does, and the peer decrypts the key"() {
        given:
        Files.writeString(dir.resolve('pass.txt'), 'letmein\nsecond line is ignored\n')

        when:
        def run = Cli.runIn(dir, 'generate-sigstore-key', '--output-prefix', 'mykey', '--passphrase-file', 'pass.txt')

        then:
        run.exitCode == 0
        run.out == 'Key written to "mykey.private" and "mykey.pub"\n'
        Files.readString(dir.resolve('mykey.private')).startsWith('-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----')
        PosixFilePermissions.toString(Files.getPosixFilePermissions(dir.resolve('mykey.private'))) == 'rw-------'

        and: 'only the first line of the passphrase file is the passphrase, as gpg and skopeo read it'
        CosignPeer.run('decrypt', dir.resolve('mykey.private').toString(), 'letmein') == Files.readString(dir.resolve('mykey.pub'))
    }

    def "an existing #existing is never overwritten: exit 1, nothing written"() {
        given:
        Files.writeString(dir.resolve('pass.txt'), 'pw')
        Files.writeString(dir.resolve(existing), 'keep me')

        when:
        def run = Cli.runIn(dir, 'generate-sigstore-key', '--output-prefix', 'k', '--passphrase-file', 'pass.txt')

        then:
        run.exitCode == 1
        run.err.trim() == "Error: refusing to overwrite existing \"${existing}\""
        Files.readString(dir.resolve(existing)) == 'keep me'
        Files.list(dir).withCloseable { it.count() } == 2

        where:
        existing << ['k.private', 'k.pub']
    }

    def "without a passphrase file and without a terminal it fails, naming --passphrase-file"() {
        when:
        def run = Cli.exec([dir: dir, stdin: 'typed\n'], 'generate-sigstore-key', '--output-prefix', 'k')

        then:
        run.exitCode == 1
        run.err.trim() == 'Error: cannot prompt for a passphrase for key k.private, standard input is not a TTY: give one with --passphrase-file'
        !Files.exists(dir.resolve('k.private'))
    }

    def "without --output-prefix it is a usage error (exit 2)"() {
        when:
        def run = Cli.runIn(dir, 'generate-sigstore-key')

        then:
        run.exitCode == 2
        run.err.contains("Missing required option: '--output-prefix=PREFIX'")
    }

    def "Debian's skopeo 1.9.3 has no generate-sigstore-key (sigstore compiled out), so the python peer is the reference"() {
        when:
        def process = new ProcessBuilder('skopeo', 'generate-sigstore-key', '--output-prefix', dir.resolve('s').toString())
                .redirectErrorStream(true).start()
        def out = process.inputStream.text

        then:
        process.waitFor() != 0
        out.contains('unknown flag: --output-prefix')
        !Files.exists(dir.resolve('s.private'))
    }
}
