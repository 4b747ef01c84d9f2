package dev.skiff.trust.sigstore

import dev.skiff.SkiffException
import dev.skiff.name.Digest
import dev.skiff.trust.Signature
import dev.skiff.trust.SigstoreSignature
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import java.security.KeyPairGenerator
import java.security.spec.ECGenParameterSpec
import spock.lang.Specification
import spock.lang.TempDir

class SigstoreKeysSpec extends Specification {
    @TempDir Path dir

    static final byte[] PASS = 'correct horse'.bytes

    def "Skiff's secretbox seals exactly what libsodium seals, and opens what libsodium sealed, for messages of 0 to 1000 bytes"() {
        given: 'random keys, nonces and messages (one python run for all: it takes seconds to start)'
        def random = new Random(42)
        def hex = { byte[] b -> b.encodeHex().toString() }
        def cases = [0, 1, 31, 32, 33, 64, 65, 138, 1000].collect { size ->
            byte[] key = new byte[32]
            byte[] nonce = new byte[24]
            byte[] message = new byte[size]
            random.nextBytes(key)
            random.nextBytes(nonce)
            random.nextBytes(message)
            [key: key, nonce: nonce, message: message]
        }

        when:
        def ours = cases.collect { SecretBox.seal(it.message, it.nonce, it.key) }
        def theirs = CosignPeer.run(*(['seal'] + cases.collectMany { [hex(it.key), hex(it.nonce), hex(it.message)] })).readLines()
        def opened = CosignPeer.run(*(['open'] + [cases, ours].transpose().collectMany { c, box -> [hex(c.key), hex(c.nonce), hex(box)] })).readLines()

        then:
        ours.collect(hex) == theirs
        [cases, theirs].transpose().every { c, box -> SecretBox.open(box.decodeHex(), c.nonce, c.key) == c.message }
        opened == cases.collect { hex(it.message) }
    }

    def "a secretbox with one bit flipped does not open, in Skiff or in libsodium"() {
        given:
        byte[] key = new byte[32]
        byte[] nonce = new byte[24]
        def boxes = [0, 15, 16, 26].collect { position ->
            byte[] box = SecretBox.seal('private key'.bytes, nonce, key)
            box[position] ^= 1
            box
        }

        expect:
        boxes.every { SecretBox.open(it, nonce, key) == null }
        CosignPeer.run(*(['open'] + boxes.collectMany { ['00' * 32, '00' * 24, it.encodeHex().toString()] })).readLines() == ['forged'] * 4
    }

    def "a key Skiff generates is what skopeo writes: ENCRYPTED COSIGN PRIVATE KEY (scrypt N=32768, secretbox) and a P-256 PUBLIC KEY"() {
        when:
        def pair = SigstoreKeys.generate(PASS)
        def privateText = new String(pair.privateKeyPem(), 'US-ASCII')
        def body = new groovy.json.JsonSlurper().parse(Base64.mimeDecoder.decode(
                privateText.readLines().findAll { !it.startsWith('-----') }.join('')))

        then:
        privateText.startsWith('-----BEGIN ENCRYPTED COSIGN PRIVATE KEY-----\n')
        privateText.endsWith('-----END ENCRYPTED COSIGN PRIVATE KEY-----\n')
        privateText.readLines().every { it.length() <= 64 }
        body.kdf == [name: 'scrypt', params: [N: 32768, r: 8, p: 1], salt: body.kdf.salt]
        Base64.decoder.decode(body.kdf.salt as String).length == 32
        body.cipher.name == 'nacl/secretbox'
        Base64.decoder.decode(body.cipher.nonce as String).length == 24
        new String(pair.publicKeyPem(), 'US-ASCII').startsWith('-----BEGIN PUBLIC KEY-----\n')
        SigstoreKeys.parsePublicKey(pair.publicKeyPem(), 'pub').algorithm == 'EC'
    }

    def "the python peer decrypts a private key Skiff generated, and finds the public key Skiff wrote beside it"() {
        given:
        def files = SigstoreKeys.generate(PASS).writeTo(dir.resolve('skiff').toString())

        expect:
        CosignPeer.run('decrypt', files.privateKey().toString(), 'correct horse') == Files.readString(files.publicKey())
    }

    def "Skiff decrypts a key the python peer generated (ENCRYPTED SIGSTORE PRIVATE KEY, scrypt N=#n) and it matches the peer's public key"() {
        given:
        CosignPeer.run('generate', dir.resolve('peer').toString(), 'correct horse', n as String)

        when:
        def privateKey = SigstoreKeys.readPrivateKey(dir.resolve('peer.private'), PASS)
        def publicKey = SigstoreKeys.readPublicKey(dir.resolve('peer.pub'))
        def signature = new SigstoreSigner(privateKey).sign(Digest.sha256('m'.bytes), 'localhost:5000/a:v1')

        then:
        new SigstorePayloadVerifier([publicKey]).verify(signature, 'm'.bytes) { it == 'localhost:5000/a:v1' } != null

        where:
        n << [32768, 65536]
    }

    def "a wrong passphrase is refused with a message naming the key file"() {
        given:
        def files = SigstoreKeys.generate(PASS).writeTo(dir.resolve('k').toString())

        when:
        SigstoreKeys.readPrivateKey(files.privateKey(), 'wrong'.bytes)

        then:
        def e = thrown(SkiffException)
        e.message == "private key ${files.privateKey()} could not be decrypted: wrong passphrase, or the file was altered"
    }

    def "a key file naming a costlier scrypt than cosign's is refused before any work"() {
        given:
        def json = '{"kdf":{"name":"scrypt","params":{"N":1048576,"r":8,"p":1},"salt":"AA=="},"cipher":{"name":"nacl/secretbox","nonce":"AA=="},"ciphertext":"AA=="}'
        def pem = new Pem(SigstoreKeys.SIGSTORE_PRIVATE_KEY_TYPE, json.bytes).encode()

        when:
        SigstoreKeys.parsePrivateKey(pem, PASS, 'private key k.private')

        then:
        def e = thrown(SkiffException)
        e.message == 'private key k.private: unsupported scrypt parameters N=1048576 r=8 p=1'
    }

    def "#what is refused as a private key, saying what it is"() {
        when:
        SigstoreKeys.parsePrivateKey(text.bytes, PASS, 'private key k')

        then:
        def e = thrown(SkiffException)
        e.message.contains(message)

        where:
        what               | text                                                                         | message
        'a public key'     | "-----BEGIN PUBLIC KEY-----\nAAAA\n-----END PUBLIC KEY-----\n"               | 'is a PEM "PUBLIC KEY" block, not a sigstore private key'
        'a plain text'     | 'hello'                                                                      | 'is not a PEM file'
        'an OpenSSL key'   | "-----BEGIN EC PRIVATE KEY-----\nAAAA\n-----END EC PRIVATE KEY-----\n"       | 'is a PEM "EC PRIVATE KEY" block'
    }

    def "public keys cosign accepts are read: ECDSA #curve, RSA, Ed25519, and RSA in PKCS#1"() {
        given:
        def generator = KeyPairGenerator.getInstance(algorithm)
        if (curve) generator.initialize(new ECGenParameterSpec(curve))
        def pair = generator.generateKeyPair()
        def pem = SigstoreKeys.encodePublicKey(pair.public)

        expect:
        SigstoreKeys.parsePublicKey(pem, 'k').encoded == pair.public.encoded

        and: 'a signature made with the private half verifies with the public key read back'
        def sig = new SigstoreSigner(pair.private).sign(Digest.sha256('m'.bytes), 'r.example/x:1')
        new SigstorePayloadVerifier([SigstoreKeys.parsePublicKey(pem, 'k')]).verify(sig, 'm'.bytes) { true }

        where:
        algorithm | curve
        'EC'      | 'secp256r1'
        'EC'      | 'secp384r1'
        'EC'      | 'secp521r1'
        'RSA'     | null
        'Ed25519' | null
    }

    def "an RSA PUBLIC KEY (PKCS#1) block is read as sigstore's cryptoutils reads it"() {
        given:
        def pair = KeyPairGenerator.getInstance('RSA').generateKeyPair()
        def spki = org.bouncycastle.asn1.x509.SubjectPublicKeyInfo.getInstance(pair.public.encoded)
        def pkcs1 = new Pem('RSA PUBLIC KEY', spki.parsePublicKey().encoded).encode()

        expect:
        SigstoreKeys.parsePublicKey(pkcs1, 'k').encoded == pair.public.encoded
    }

    def "writing keys refuses to overwrite either file, and the private key is readable by its owner only"() {
        given:
        def prefix = dir.resolve('mykey').toString()
        def files = SigstoreKeys.generate(PASS).writeTo(prefix)

        expect:
        PosixFilePermissions.toString(Files.getPosixFilePermissions(files.privateKey())) == 'rw-------'

        when:
        Files.delete(files.privateKey())
        def before = Files.readString(files.publicKey())
        SigstoreKeys.generate(PASS).writeTo(prefix)

        then:
        def e = thrown(SkiffException)
        e.message == "refusing to overwrite existing \"${prefix}.pub\""
        !Files.exists(files.privateKey())
        Files.readString(files.publicKey()) == before
    }

    def "a signature survives containers/image's sigstore-json storage form"() {
        given:
        def pair = SigstoreKeys.generate(PASS)
        def key = SigstoreKeys.parsePrivateKey(pair.privateKeyPem(), PASS, 'k')
        def sig = new SigstoreSigner(key).sign('{"schemaVersion":2}'.bytes, 'localhost:5000/app:v1')

        when:
        def back = Signature.fromBlob(sig.toBlob()) as SigstoreSignature

        then:
        back.untrustedPayload() == sig.untrustedPayload()
        back.untrustedAnnotations() == sig.untrustedAnnotations()
        back.untrustedMimeType() == SigstoreSignature.SIMPLE_SIGNING_MIME_TYPE
    }
}
