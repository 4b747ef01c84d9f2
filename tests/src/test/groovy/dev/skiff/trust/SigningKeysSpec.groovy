package dev.skiff.trust

import dev.skiff.rig.Cli
import dev.skiff.rig.Gpg
import dev.skiff.rig.Images
import dev.skiff.rig.Tools
import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** The keys signedBy trusts, in every form containers/image reads, and signing with a passphrase-protected key. */
class SigningKeysSpec extends Specification {
    static final String IDENTITY = 'registry.example.com/team/app:v1'

    @Shared
    @AutoCleanup
    Gpg gpg = Gpg.create()

    @Shared
    @AutoCleanup
    Gpg stranger = Gpg.create(uid: 'Stranger <stranger@skiff.invalid>')

    @TempDir
    Path dir

    Path policy(Map keys) {
        def file = dir.resolve('policy.json')
        Files.writeString(file, JsonOutput.toJson([
                default   : [[type: 'reject']],
                transports: [dir: ['': [[type: 'signedBy', keyType: 'GPGKeys', signedIdentity: [type: 'exactReference', dockerReference: IDENTITY]] + keys]]]]))
        file
    }

    /** A dir: image signed by skopeo with {@code key}. */
    void signedImage(Gpg key = gpg) {
        Images.single("oci:${dir}/src:v1")
        Tools.skopeo('copy', "oci:${dir}/src:v1", "dir:${dir}/signed")
        key.must(['skopeo', 'standalone-sign', "${dir}/signed/manifest.json".toString(), IDENTITY, key.fingerprint, '-o', "${dir}/signed/signature-1".toString()])
    }

    def "signedBy trusts keys given as #form"() {
        given:
        signedImage()

        when:
        def run = Cli.run('copy', '--policy', policy(keys(gpg, stranger)).toString(), "dir:${dir}/signed", "dir:${dir}/out")

        then:
        run.exitCode == 0

        where:
        form                                  | keys
        'a binary export (keyPath)'           | { Gpg g, Gpg s -> [keyPath: g.publicKey.toString()] }
        'an armored export (keyPath)'         | { Gpg g, Gpg s -> [keyPath: StandaloneSpec.armored(g).toString()] }
        'keyData'                             | { Gpg g, Gpg s -> [keyData: Files.readAllBytes(g.publicKey).encodeBase64().toString()] }
        "GnuPG's keybox (pubring.kbx)"        | { Gpg g, Gpg s -> [keyPath: g.home.resolve('pubring.kbx').toString()] }
        'keyPaths, the signer second'         | { Gpg g, Gpg s -> [keyPaths: [s.publicKey.toString(), g.publicKey.toString()]] }
    }

    def "signedBy refuses a signature by #what key, and nothing is written"() {
        given:
        Images.single("oci:${dir}/src:v1")
        Tools.skopeo('copy', "oci:${dir}/src:v1", "dir:${dir}/signed")
        Gpg key = what == 'a revoked' ? Gpg.create() : Gpg.create(created: '20200101T000000', expire: '1d')
        def digest = Tools.run(['skopeo', 'manifest-digest', "${dir}/signed/manifest.json".toString()]).trim()
        def payload = """{"critical":{"identity":{"docker-reference":"${IDENTITY}"},"image":{"docker-manifest-digest":"${digest}"},"type":"atomic container signature"},"optional":{}}"""
        def extra = what == 'a revoked' ? [] : ['--faked-system-time', '20200101T010000']
        Files.write(dir.resolve('signed/signature-1'), key.runWithInput(payload.getBytes('UTF-8'), *(['--batch'] + extra + ['--local-user', key.fingerprint, '--sign'])))
        if (what == 'a revoked') {
            key.revoke()
        }

        when:
        def run = Cli.run('copy', '--policy', policy(keyPath: key.publicKey.toString()).toString(), "dir:${dir}/signed", "dir:${dir}/out")

        then:
        run.exitCode == 1
        run.err.contains(message)
        !Files.exists(dir.resolve('out'))

        cleanup:
        key?.close()

        where:
        what         | message
        'a revoked'  | 'is revoked'
        'an expired' | 'expired'
    }

    def "--sign-by with --sign-passphrase-file signs with a passphrase-protected key, and the signature verifies"() {
        given:
        Gpg locked = Gpg.create(passphrase: 'correct horse')
        def pass = dir.resolve('pass')
        Files.writeString(pass, 'correct horse\n')
        Images.single("oci:${dir}/src:v1")
        new ProcessBuilder('gpgconf', '--homedir', locked.home.toString(), '--reload', 'gpg-agent').start().waitFor()

        when:
        def sign = Cli.exec([env: locked.env()], 'copy', '--sign-by', locked.fingerprint, '--sign-passphrase-file', pass.toString(),
                '--sign-identity', IDENTITY, "oci:${dir}/src:v1", "dir:${dir}/signed")
        def check = Cli.run('copy', '--policy', policy(keyPath: locked.publicKey.toString()).toString(), "dir:${dir}/signed", "dir:${dir}/out")

        then:
        sign.exitCode == 0
        check.exitCode == 0

        cleanup:
        locked?.close()
    }
}
