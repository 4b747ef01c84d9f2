package dev.skiff.trust.ocicrypt

import dev.skiff.io.BlobVerificationException
import dev.skiff.name.Digest
import groovy.json.JsonSlurper
import spock.lang.Specification

/** ocicrypt's AES-256-CTR + HMAC-SHA256 layer cipher, streamed, and its options in Go's JSON form. */
class LayerCipherStreamSpec extends Specification {
    static byte[] random(int n) {
        byte[] b = new byte[n]
        new Random(n).nextBytes(b)
        b
    }

    static CipherOptions options(byte[] plain) {
        CipherOptions.generate(Digest.sha256(plain))
    }

    static byte[] encrypt(byte[] plain, CipherOptions o, Closure<byte[]> hmac = null) {
        def s = LayerCipherStream.encrypting(new ByteArrayInputStream(plain), o)
        byte[] out = s.readAllBytes()
        hmac?.call(s.hmac())
        out
    }

    def "a layer of #size bytes encrypts and decrypts back, its HMAC and digest checked at the end"() {
        given:
        byte[] plain = random(size)
        def o = options(plain)
        byte[] tag = null
        byte[] cipher = encrypt(plain, o) { tag = it }

        expect:
        cipher.length == plain.length
        size == 0 || cipher != plain
        LayerCipherStream.decrypting(new ByteArrayInputStream(cipher), o.withHmac(tag), 'layer').readAllBytes() == plain

        where:
        size << [0, 1, 16, 8191, 100_000]
    }

    def "#what ciphertext fails at its end, before the reader sees EOF"() {
        given:
        byte[] plain = random(50_000)
        def o = options(plain)
        byte[] tag = null
        byte[] cipher = change.call(encrypt(plain, o) { tag = it })

        when:
        LayerCipherStream.decrypting(new ByteArrayInputStream(cipher), o.withHmac(tag), 'sha256:abc').readAllBytes()

        then:
        def e = thrown(BlobVerificationException)
        e.message == 'encrypted layer sha256:abc failed its HMAC check: the ciphertext is truncated or was tampered with'

        where:
        what        | change
        'tampered'  | { byte[] b -> b[100] ^= 1; b }
        'truncated' | { byte[] b -> Arrays.copyOf(b, b.length - 1) }
        'extended'  | { byte[] b -> Arrays.copyOf(b, b.length + 1) }
    }

    def "a plaintext that is not the one recorded fails even when the HMAC holds"() {
        given:
        byte[] plain = random(1000)
        def recorded = new CipherOptions(options(plain).symKey(), options(plain).nonce(), Digest.sha256(random(7)), null)
        byte[] tag = null
        byte[] cipher = encrypt(plain, recorded) { tag = it }

        when:
        LayerCipherStream.decrypting(new ByteArrayInputStream(cipher), recorded.withHmac(tag), 'l').readAllBytes()

        then:
        def e = thrown(BlobVerificationException)
        e.message.contains('does not match the digest recorded when it was encrypted')
    }

    def "the options are written with ocicrypt's field names, byte strings in standard base64"() {
        given:
        def o = options(random(10)).withHmac(random(32))

        when:
        def priv = new JsonSlurper().parse(o.privateJson())
        def pub = new JsonSlurper().parse(o.publicJson())

        then:
        priv.keySet() as List == ['symkey', 'digest', 'cipheroptions']
        Base64.decoder.decode(priv.symkey as String).length == 32
        Base64.decoder.decode(priv.cipheroptions.nonce as String).length == 16
        priv.digest == Digest.sha256(random(10)).toString()
        pub == [cipher: 'AES_256_CTR_HMAC_SHA256', hmac: Base64.encoder.encodeToString(o.hmac()), cipheroptions: [:]]

        and: 'they read back'
        CipherOptions.parse(o.privateJson(), Base64.encoder.encodeToString(o.publicJson()), 'l').symKey() == o.symKey()
    }
}
