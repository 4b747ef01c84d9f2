package dev.skiff.trust.ocicrypt

import dev.skiff.rig.Images
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** verify between a plain image and its encrypted copy (made by skopeo): with a key it compares plaintext, without one it says which layers it could not. */
class OciCryptVerifySpec extends Specification {
    @Shared
    @TempDir
    Path keyDir

    @Shared
    Keys keys

    @TempDir
    Path dir

    def setupSpec() {
        keys = new Keys(keyDir)
    }

    def cleanupSpec() {
        keys?.close()
    }

    def "verify names the encrypted layers without a key, and proves their plaintext with one"() {
        given:
        Images.single("oci:${dir}/plain:v1", [layers: 3])
        Peers.skopeo(keys.env(), 'copy', '--encryption-key', "jwe:${keys.path('pub.pem')}", '--encrypt-layer', '-1', "oci:${dir}/plain:v1", "oci:${dir}/enc:v1")

        when:
        def without = Peers.skiff(keys.env(), 'verify', "oci:${dir}/plain:v1", "oci:${dir}/enc:v1")

        then:
        without.exitCode == 0
        without.out.contains('layers [2] are encrypted (ocicrypt, for jwe)')
        without.out.contains('pass --decryption-key to compare the plaintext of encrypted layers')

        when:
        def with = Peers.skiff(keys.env(), 'verify', '--decryption-key', keys.path('priv.pem'), "oci:${dir}/plain:v1", "oci:${dir}/enc:v1")

        then:
        with.exitCode == 0
        with.out.contains('encrypted layers [2] were decrypted with the key given (HMAC checked) to the other side\'s layer digests')

        when: 'a key for another recipient'
        def wrong = Peers.skiff(keys.env(), 'verify', '--decryption-key', keys.path('other.pem'), "oci:${dir}/plain:v1", "oci:${dir}/enc:v1")

        then:
        wrong.exitCode == 1
        wrong.out.contains('none of the decryption keys opens layer')
    }
}
