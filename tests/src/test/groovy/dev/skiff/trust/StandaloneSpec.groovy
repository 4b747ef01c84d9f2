package dev.skiff.trust

import dev.skiff.rig.Cli
import dev.skiff.rig.Gpg
import dev.skiff.rig.Images
import dev.skiff.rig.Tools
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** standalone-sign and standalone-verify, both ways with skopeo 1.9.3, and the keys they refuse. */
class StandaloneSpec extends Specification {
    static final String NAME = 'registry.example.com/team/app:v1'

    @Shared
    @AutoCleanup
    Gpg gpg = Gpg.create()

    @TempDir
    Path dir

    Path manifest() {
        Images.single("oci:${dir}/src:v1")
        Tools.skopeo('copy', "oci:${dir}/src:v1", "dir:${dir}/image")
        dir.resolve('image/manifest.json')
    }

    String digestOf(Path manifest) {
        Tools.run(['skopeo', 'manifest-digest', manifest.toString()]).trim()
    }

    def "Skiff signs, skopeo verifies"() {
        given:
        def m = manifest()

        when:
        def sign = Cli.exec([env: gpg.env()], 'standalone-sign', m.toString(), NAME, gpg.fingerprint, '-o', "${dir}/sig")

        then:
        sign.exitCode == 0

        when:
        def text = gpg.must(['skopeo', 'standalone-verify', m.toString(), NAME, gpg.fingerprint, "${dir}/sig"])

        then:
        text.trim() == "Signature verified, digest ${digestOf(m)}".toString()
    }

    def "skopeo signs, Skiff verifies (#how) and prints what skopeo prints"() {
        given:
        def m = manifest()
        gpg.must(['skopeo', 'standalone-sign', m.toString(), NAME, gpg.fingerprint, '-o', "${dir}/sig"])
        def expected = gpg.must(['skopeo', 'standalone-verify', m.toString(), NAME, gpg.fingerprint, "${dir}/sig"])

        when:
        def run = Cli.exec([env: gpg.env()], *(['standalone-verify'] + flags(gpg) + [m.toString(), NAME, fingerprint(gpg), "${dir}/sig".toString()]))

        then:
        run.exitCode == 0
        run.out == expected

        where:
        how                                      | flags                                              | fingerprint
        'the GnuPG keybox of $GNUPGHOME'         | { Gpg g -> [] }                                   | { Gpg g -> g.fingerprint }
        '--public-key-file, any key'             | { Gpg g -> ['--public-key-file', g.publicKey.toString()] } | { Gpg g -> 'any' }
        '--public-key-file, armored'             | { Gpg g -> ['--public-key-file', armored(g).toString()] } | { Gpg g -> g.fingerprint.toLowerCase() }
    }

    static Path armored(Gpg g) {
        def p = g.home.resolve('public.asc')
        Files.write(p, g.runBytes('--batch', '--armor', '--export', g.fingerprint))
        p
    }

    def "standalone-verify refuses #what"() {
        given:
        def m = manifest()
        gpg.must(['skopeo', 'standalone-sign', m.toString(), NAME, gpg.fingerprint, '-o', "${dir}/sig"])

        when:
        def run = Cli.exec([env: gpg.env()], 'standalone-verify', '--public-key-file', gpg.publicKey.toString(),
                m.toString(), name, fingerprint ?: gpg.fingerprint, "${dir}/sig")

        then:
        run.exitCode == 1
        run.err.contains(message)
        run.out.isEmpty()

        where:
        what                  | name                         | fingerprint                                 | message
        'another name'        | 'registry.example.com/x:v1' | null                                        | 'not for "registry.example.com/x:v1"'
        'another fingerprint' | NAME                         | '0000000000000000000000000000000000000000' | 'does not match the expected fingerprint'
    }

    def "a signature by a #what key is refused"() {
        given:
        def m = manifest()
        Gpg key = what == 'revoked' ? Gpg.create() : Gpg.create(created: '20200101T000000', expire: '1d')
        def payload = """{"critical":{"identity":{"docker-reference":"${NAME}"},"image":{"docker-manifest-digest":"${digestOf(m)}"},"type":"atomic container signature"},"optional":{}}"""
        def extra = what == 'revoked' ? [] : ['--faked-system-time', '20200101T010000']
        Files.write(dir.resolve('sig'), key.runWithInput(payload.getBytes('UTF-8'), *(['--batch'] + extra + ['--local-user', key.fingerprint, '--sign'])))
        if (what == 'revoked') {
            key.revoke()
        }

        when:
        def run = Cli.run('standalone-verify', '--public-key-file', key.publicKey.toString(), m.toString(), NAME, key.fingerprint, "${dir}/sig")

        then:
        run.exitCode == 1
        run.err.contains(message)

        cleanup:
        key?.close()

        where:
        what      | message
        'revoked' | 'is revoked'
        'expired' | 'expired'
    }
}
