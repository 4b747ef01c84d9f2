package dev.skiff.trust.ocicrypt

import dev.skiff.rig.Images
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** ocicrypt's key-provider protocol (command form) with skopeo as the peer, through a provider the test writes. */
class KeyProviderSpec extends Specification {
    @TempDir
    Path dir

    def "a layer key wrapped by a key provider is unwrapped by it: the provider logs both calls, the layers come back as they were"() {
        given: '(skopeo 1.9.3 predates provider: keys, "Provided protocol not recognized", so Skiff is both ends here)'
        def kms = new Providers(dir)
        Images.single("oci:${dir}/plain:v1")
        def plain = Peers.manifest(dir.resolve('plain'), 'v1')

        when:
        def enc = Peers.skiff(kms.env(), 'copy', '--encryption-key', 'provider:test-kms', "oci:${dir}/plain:v1", "oci:${dir}/enc:v1")

        then: 'each layer key went through the provider once, into ocicrypt\'s provider annotation'
        assert enc.exitCode == 0, enc.err
        kms.calls() == ['keywrap', 'keywrap']
        Peers.manifest(dir.resolve('enc'), 'v1').layers.every {
            it.mediaType.endsWith('+encrypted') && it.annotations.keySet() == ['org.opencontainers.image.enc.keys.provider.test-kms', 'org.opencontainers.image.enc.pubopts'] as Set
        }

        when:
        def dec = Peers.skiff(kms.env(), 'copy', '--decryption-key', 'provider:test-kms', "oci:${dir}/enc:v1", "oci:${dir}/dec:v1")

        then:
        dec.exitCode == 0
        kms.calls() == ['keywrap', 'keywrap', 'keyunwrap', 'keyunwrap']
        Peers.manifest(dir.resolve('dec'), 'v1').layers*.digest == plain.layers*.digest

        and: 'skopeo reads the encrypted image as an image with encrypted layers'
        Peers.skopeo([:], 'inspect', '--raw', "oci:${dir}/enc:v1").contains('org.opencontainers.image.enc.keys.provider.test-kms')
    }

    def "a provider that #what fails the copy with one clear line, and nothing is written"() {
        given:
        def kms = new Providers(dir)
        Images.single("oci:${dir}/plain:v1")

        when:
        def run = Peers.skiff(kms.env() + [SKIFF_KEYPROVIDER_TIMEOUT: name == 'slow-kms' ? '5' : '120'], 'copy', '--encryption-key', "provider:${name}", "oci:${dir}/plain:v1", "oci:${dir}/enc:v1")

        then:
        assert run.exitCode == 1, run.err
        run.err.readLines().findAll { it.trim() }.size() == 1
        run.err.contains(message)
        !Peers.hasTag(dir.resolve('enc'), 'v1')
        !Files.exists(dir.resolve('enc'))

        where:
        what                      | name          | message
        'is not configured'       | 'nope-kms'    | 'key provider "nope-kms" is not in'
        'exits non-zero'          | 'broken-kms'  | 'key provider "broken-kms" failed to keywrap a layer key: it exited with status 3: kms unreachable'
        'prints garbage'          | 'garbage-kms' | 'its answer is not JSON: "this is not json"'
        'hangs'                   | 'slow-kms'    | 'it did not answer within 5 s (SKIFF_KEYPROVIDER_TIMEOUT)'
        'speaks gRPC'             | 'grpc-kms'    | 'is a gRPC provider, which Skiff does not support'
    }

    def "without OCICRYPT_KEYPROVIDER_CONFIG a provider key is refused before anything is written"() {
        given:
        Images.single("oci:${dir}/plain:v1")

        when:
        def run = Peers.skiff([OCICRYPT_KEYPROVIDER_CONFIG: null], 'copy', '--decryption-key', 'provider:test-kms', "oci:${dir}/plain:v1", "oci:${dir}/out:v1")

        then:
        run.exitCode == 1
        run.err.contains('OCICRYPT_KEYPROVIDER_CONFIG is not set')
        !Files.exists(dir.resolve('out'))
    }
}
