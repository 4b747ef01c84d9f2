package dev.skiff.trust.sigstore

import dev.skiff.SkiffException
import dev.skiff.model.ManifestDigest
import dev.skiff.name.Digest
import dev.skiff.trust.Signature
import dev.skiff.trust.SigstoreSignature
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.nio.file.Path
import java.time.Clock
import java.time.Instant
import java.time.ZoneOffset
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

class SigstoreSigningSpec extends Specification {
    static final byte[] MANIFEST = '{"schemaVersion":2,"mediaType":"application/vnd.oci.image.manifest.v1+json"}'.bytes
    static final String REFERENCE = '127.0.0.1:5000/team/app:v1'

    @Shared @TempDir Path keys
    @Shared SigstoreKeyPair.KeyFiles skiffKey
    @Shared SigstoreKeyPair.KeyFiles otherKey

    @TempDir Path dir

    def setupSpec() {
        skiffKey = SigstoreKeys.generate('pw'.bytes).writeTo(keys.resolve('skiff').toString())
        otherKey = SigstoreKeys.generate('pw'.bytes).writeTo(keys.resolve('other').toString())
    }

    SigstoreSigner signer() {
        new SigstoreSigner(SigstoreKeys.readPrivateKey(skiffKey.privateKey(), 'pw'.bytes))
    }

    SigstorePayloadVerifier verifier(Path publicKey = skiffKey.publicKey()) {
        new SigstorePayloadVerifier([SigstoreKeys.readPublicKey(publicKey)])
    }

    def "the payload is containers/image's simple signing JSON, keys sorted and compact as Go writes it"() {
        given:
        def key = SigstoreKeys.readPrivateKey(skiffKey.privateKey(), 'pw'.bytes)
        def clock = Clock.fixed(Instant.ofEpochSecond(1700000000), ZoneOffset.UTC)

        when:
        def sig = new SigstoreSigner(key, clock).sign(MANIFEST, REFERENCE)

        then:
        new String(sig.untrustedPayload(), 'UTF-8') ==
                '{"critical":{"identity":{"docker-reference":"127.0.0.1:5000/team/app:v1"},' +
                '"image":{"docker-manifest-digest":"' + ManifestDigest.of(MANIFEST) + '"},' +
                '"type":"cosign container image signature"},' +
                '"optional":{"creator":"Skiff ' + dev.skiff.Version.get() + '","timestamp":1700000000}}'
        sig.untrustedMimeType() == 'application/vnd.dev.cosign.simplesigning.v1+json'
        sig.untrustedAnnotations().keySet() == ['dev.cosignproject.cosign/signature'] as Set
    }

    def "the python peer verifies a signature Skiff made, over the exact payload bytes"() {
        given:
        def sig = signer().sign(MANIFEST, REFERENCE)
        def json = CosignPeer.file(dir, 'sig.json', blobJson(sig))

        when:
        def payload = new JsonSlurper().parseText(CosignPeer.run('verify', skiffKey.publicKey().toString(), json))

        then:
        payload.critical.identity.'docker-reference' == REFERENCE
        payload.critical.image.'docker-manifest-digest' == ManifestDigest.of(MANIFEST).toString()
    }

    def "the python peer refuses a Skiff signature checked against another key"() {
        given:
        def json = CosignPeer.file(dir, 'sig.json', blobJson(signer().sign(MANIFEST, REFERENCE)))

        expect:
        CosignPeer.tryRun('verify', otherKey.publicKey().toString(), json).out.contains('invalid signature')
    }

    def "Skiff verifies a signature the python peer made as cosign does (optional: null)"() {
        given:
        CosignPeer.run('generate', dir.resolve('peer').toString(), 'pw')
        def text = CosignPeer.run('sign', dir.resolve('peer.private').toString(), 'pw',
                ManifestDigest.of(MANIFEST).toString(), REFERENCE)
        def sig = fromPeer(text)

        when:
        def payload = verifier(dir.resolve('peer.pub')).verify(sig, MANIFEST) { it == REFERENCE }

        then:
        payload.dockerReference() == REFERENCE
        payload.manifestDigest() == ManifestDigest.of(MANIFEST)
        payload.creator() == null
        payload.timestamp() == null
    }

    def "a signature is refused when #what"() {
        given:
        def sig = signer().sign(MANIFEST, REFERENCE)
        def changed = change(sig)

        when:
        verifier(key()).verify(changed, manifest, { it == REFERENCE })

        then:
        def e = thrown(SkiffException)
        e.message.startsWith(message)

        where:
        what                                   | key                     | manifest                | change                                      | message
        'another key made it'                  | { otherKey.publicKey() } | MANIFEST               | { it }                                      | 'cryptographic signature verification failed: not signed by the EC key '
        'the payload was changed after signing' | { skiffKey.publicKey() } | MANIFEST               | { tamper(it) }                              | 'cryptographic signature verification failed'
        'it signs another manifest'            | { skiffKey.publicKey() } | '{"schemaVersion":2}'.bytes | { it }                                 | 'signature for digest sha256:'
        'the signature annotation is missing'  | { skiffKey.publicKey() } | MANIFEST               | { new SigstoreSignature(it.untrustedMimeType(), it.untrustedPayload(), [:]) } | 'missing dev.cosignproject.cosign/signature annotation'
        'the signature is not base64'          | { skiffKey.publicKey() } | MANIFEST               | { withSignature(it, '!!!') }                | 'the signature annotation is not base64'
        'the signature is not DER'             | { skiffKey.publicKey() } | MANIFEST               | { withSignature(it, 'AAAA') }               | 'cryptographic signature verification failed'
    }

    def "a valid signature for another identity is refused, naming the identity"() {
        given:
        def sig = signer().sign(MANIFEST, '127.0.0.1:5000/team/other:v1')

        when:
        verifier().verify(sig, MANIFEST) { it == REFERENCE }

        then:
        def e = thrown(SigstoreRejection)
        e.message == 'signature for identity "127.0.0.1:5000/team/other:v1" is not accepted'
    }

    def "a reference with neither tag nor digest cannot be signed"() {
        when:
        signer().sign(MANIFEST, '127.0.0.1:5000/team/app')

        then:
        def e = thrown(SkiffException)
        e.message == "reference 127.0.0.1:5000/team/app can't be signed, it has neither a tag nor a digest"
    }

    def "payloads outside cosign's format are refused: #why"() {
        when:
        SigstorePayload.parse(json.bytes)

        then:
        def e = thrown(SkiffException)
        e.message == "invalid sigstore signature payload: ${why}"

        where:
        json                                                                                                                                                     | why
        '{"critical":{}}'                                                                                                                                        | 'payload lacks the field "optional"'
        '{"critical":{"identity":{"docker-reference":"a/b:c"},"image":{"docker-manifest-digest":"sha256:' + 'a' * 64 + '"},"type":"other"},"optional":null}'       | 'unrecognized signature type "other"'
        '{"critical":{"identity":{"docker-reference":"a/b:c"},"image":{"docker-manifest-digest":"sha256:x"},"type":"cosign container image signature"},"optional":null}' | 'invalid docker-manifest-digest value "sha256:x"'
        '{"critical":{"identity":{"docker-reference":"a/b:c"},"image":{"docker-manifest-digest":"sha256:' + 'a' * 64 + '"},"type":"cosign container image signature","extra":1},"optional":null}' | 'critical has an unexpected field "extra"'
        '{"critical":{"identity":{"docker-reference":"a/b:c"},"image":{"docker-manifest-digest":"sha256:' + 'a' * 64 + '"},"type":"cosign container image signature"},"optional":{"timestamp":1.5}}' | 'optional.timestamp is not an integer'
    }

    def "sigstoreSigned accepts an image when one of its signatures verifies, whatever else it carries"() {
        given:
        def good = signer().sign(MANIFEST, REFERENCE)
        def forOther = signer().sign('{}'.bytes, REFERENCE)
        def attestation = new SigstoreSignature('application/vnd.in-toto+json', '{}'.bytes, [:])
        def requirement = SigstoreKeyRequirement.of([], [java.nio.file.Files.readAllBytes(skiffKey.publicKey())])

        expect:
        requirement.check([forOther, attestation, new dev.skiff.trust.SimpleSignature('x'.bytes), good], MANIFEST) { it == REFERENCE }
                .dockerReference() == REFERENCE
    }

    def "sigstoreSigned refuses #what, saying #message"() {
        given:
        def requirement = SigstoreKeyRequirement.of([skiffKey.publicKey(), otherKey.publicKey()], [])

        when:
        requirement.check(signatures(), MANIFEST) { it == REFERENCE }

        then:
        def e = thrown(SigstoreRejection)
        e.message ==~ message

        where:
        what                             | signatures                                                                                  | message
        'an unsigned image'              | { [] }                                                                                      | 'a signature was required, but no signature exists'
        'an image with other formats only' | { [new dev.skiff.trust.SimpleSignature('x'.bytes), new SigstoreSignature('application/vnd.in-toto+json', '{}'.bytes, [:])] } | /a signature was required, but no signature exists \(1 non-sigstore signatures, 1 sigstore non-signature attachments\)/
        'one signature of another image' | { [signer().sign('{}'.bytes, REFERENCE)] }                                                  | /signature for digest sha256:\w+ does not match .*/
        'two bad signatures'             | { [signer().sign('{}'.bytes, REFERENCE), signer().sign(MANIFEST, 'x.example/other:v1')] } | /none of the signatures were accepted, reasons: signature for digest .*; signature for identity "x.example\/other:v1" is not accepted/
    }

    static String blobJson(SigstoreSignature sig) {
        byte[] blob = sig.toBlob()
        int newline = (0..<blob.length).find { blob[it] == (byte) '\n' }
        new String(blob, newline + 1, blob.length - newline - 1, 'UTF-8')
    }

    static SigstoreSignature fromPeer(String json) {
        def blob = new ByteArrayOutputStream()
        blob.write(0)
        blob.write('sigstore-json\n'.bytes)
        blob.write(json.trim().bytes)
        Signature.fromBlob(blob.toByteArray()) as SigstoreSignature
    }

    static SigstoreSignature tamper(SigstoreSignature sig) {
        def text = new String(sig.untrustedPayload(), 'UTF-8').replace('team/app', 'team/evil')
        new SigstoreSignature(sig.untrustedMimeType(), text.bytes, sig.untrustedAnnotations())
    }

    static SigstoreSignature withSignature(SigstoreSignature sig, String value) {
        new SigstoreSignature(sig.untrustedMimeType(), sig.untrustedPayload(), ['dev.cosignproject.cosign/signature': value])
    }
}
