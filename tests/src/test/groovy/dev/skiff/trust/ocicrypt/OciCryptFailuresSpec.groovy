package dev.skiff.trust.ocicrypt

import dev.skiff.rig.Images
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Bad keys and bad ciphertext: each is one clear line (exit 1, or 2 for a usage mistake), and
 * nothing is written under the destination's tag.
 */
class OciCryptFailuresSpec extends Specification {
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

    /** An image encrypted for pub.pem (jwe) by skopeo, at oci:DIR/enc:v1. */
    void encrypted() {
        Images.single("oci:${dir}/plain:v1")
        Peers.skopeo(keys.env(), 'copy', '--encryption-key', "jwe:${keys.path('pub.pem')}", "oci:${dir}/plain:v1", "oci:${dir}/enc:v1")
    }

    def "#what: one clear line, exit 1, nothing written"() {
        given:
        encrypted()

        when:
        def run = Peers.skiff(keys.env(), *(['copy'] + flags.collect { it.replace('KEYS', keyDir.toString()) } + ["oci:${dir}/enc:v1", "oci:${dir}/out:v1"]))

        then:
        run.exitCode == 1
        run.err.readLines().findAll { it.trim() }.size() == 1
        run.err.contains(message)
        run.err.contains(advice)
        !Peers.hasTag(dir.resolve('out'), 'v1')

        where:
        what                                    | flags                                                             | message                                                         | advice
        'a wrong private key'                   | ['--decryption-key', 'KEYS/other.pem']                            | 'none of the decryption keys opens layer'                       | 'pass --decryption-key'
        'a key for none of the recipients'      | ['--decryption-key', 'KEYS/gpg-secret.gpg']                       | 'is encrypted (for jwe) and no decryption key given is of that kind' | 'pass --decryption-key'
        'a protected key without its password'  | ['--decryption-key', 'KEYS/priv-locked.pem']                      | 'it is password-protected and no password was given (give it as' | 'pass --decryption-key'
        'a protected key with a wrong password' | ['--decryption-key', 'KEYS/priv-locked.pem:wrong']                | 'the password does not open it'                                 | 'pass --decryption-key'
        'a key file that is not there'          | ['--decryption-key', 'KEYS/missing.pem']                          | 'cannot read decryption key'                                    | 'pass --decryption-key'
        'a public key given to decrypt'         | ['--decryption-key', 'KEYS/pub.pem']                              | 'is not a private key (PEM, DER or JWK), an OpenPGP secret keyring or an x509 certificate' | 'pass --decryption-key'
    }

    def "copying an encrypted image into a place that needs another manifest format, without a key, names --decryption-key"() {
        given:
        encrypted()

        when:
        def run = Peers.skiff(keys.env(), 'copy', "oci:${dir}/enc:v1", "docker-archive:${dir}/out.tar:team/app:v1")

        then:
        run.exitCode == 1
        run.err.readLines().findAll { it.trim() }.size() == 1
        run.err.contains('is encrypted (for jwe), and converting it needs its plaintext')
        run.err.contains('pass --decryption-key')
        !Files.exists(dir.resolve('out.tar'))
    }

    def "#what ciphertext fails its HMAC check: one line, and no decrypted image is written"() {
        given: 'a layout whose first encrypted layer was changed, its manifest updated to match (so only the HMAC can tell)'
        encrypted()
        tamper(dir.resolve('enc'), change)

        when:
        def run = Peers.skiff(keys.env(), 'copy', '--decryption-key', keys.path('priv.pem'), "oci:${dir}/enc:v1", "oci:${dir}/out:v1")

        then:
        run.exitCode == 1
        run.err.readLines().findAll { it.trim() }.size() == 1
        run.err.contains('failed its HMAC check: the ciphertext is truncated or was tampered with')
        !Peers.hasTag(dir.resolve('out'), 'v1')

        and: 'skopeo refuses it too'
        def skopeo = new ProcessBuilder('skopeo', '--insecure-policy', 'copy', '--decryption-key', keys.path('priv.pem'), "oci:${dir}/enc:v1", "oci:${dir}/sk:v1").redirectErrorStream(true).start()
        skopeo.inputStream.text
        skopeo.waitFor() != 0

        where:
        what        | change
        'tampered'  | { byte[] b -> b[b.length.intdiv(2)] ^= 1; b }
        'truncated' | { byte[] b -> Arrays.copyOf(b, b.length - 100) }
    }

    def "#what: refused before anything is written"() {
        given:
        Images.single("oci:${dir}/plain:v1")

        when:
        def run = Peers.skiff(keys.env(), *(['copy'] + flags.collect { it.replace('KEYS', keyDir.toString()) } + ["oci:${dir}/plain:v1", "oci:${dir}/out:v1"]))

        then:
        run.exitCode == exit
        run.err.contains(message)
        !Peers.hasTag(dir.resolve('out'), 'v1')

        where:
        what                            | flags                                                                    | exit | message
        'an unknown protocol'           | ['--encryption-key', 'rot13:KEYS/pub.pem']                               | 1    | 'unknown protocol "rot13" (use jwe, pgp, pkcs7 or provider)'
        'a private key as a recipient'  | ['--encryption-key', 'jwe:KEYS/priv.pem']                                | 1    | 'is not a public key (PEM, DER or JWK)'
        'a key that is no certificate'  | ['--encryption-key', 'pkcs7:KEYS/pub.pem']                               | 1    | 'is not an x509 certificate'
        'an unknown pgp recipient'      | ['--encryption-key', 'pgp:nobody@example.com']                           | 1    | 'no OpenPGP key with an encryption key for'
        'a layer the image has not'     | ['--encryption-key', 'jwe:KEYS/pub.pem', '--encrypt-layer', '5']         | 1    | 'cannot encrypt layers [5]'
        '--encrypt-layer without a key' | ['--encrypt-layer', '0']                                                 | 2    | '--encrypt-layer needs --encryption-key'
        'v2s2 asked with encryption'    | ['--encryption-key', 'jwe:KEYS/pub.pem', '--format', 'v2s2']             | 1    | 'only OCI has encrypted layers'
    }

    /** Rewrites the first layer's blob with {@code change}, and the manifest and index.json to match. */
    static void tamper(Path layout, Closure<byte[]> change) {
        def slurper = new JsonSlurper()
        def index = slurper.parse(layout.resolve('index.json').toFile())
        def entry = index.manifests[0]
        def manifest = slurper.parse(Peers.blob(layout, entry.digest).toFile())
        def layer = manifest.layers[0]
        byte[] bytes = change.call(Files.readAllBytes(Peers.blob(layout, layer.digest)))
        layer.digest = store(layout, bytes)
        layer.size = bytes.length
        byte[] raw = JsonOutput.toJson(manifest).getBytes('UTF-8')
        entry.digest = store(layout, raw)
        entry.size = raw.length
        Files.writeString(layout.resolve('index.json'), JsonOutput.toJson(index))
    }

    static String store(Path layout, byte[] bytes) {
        String digest = 'sha256:' + MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex()
        Files.write(Peers.blob(layout, digest), bytes)
        digest
    }
}
