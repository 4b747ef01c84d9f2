package dev.skiff.trust

import dev.skiff.SkiffException
import dev.skiff.name.Digest
import dev.skiff.transport.Transports
import dev.skiff.trust.SigstoreSignature
import dev.skiff.trust.SimpleSignature
import dev.skiff.trust.policy.PolicyEvaluator
import dev.skiff.trust.policy.PolicyParser
import dev.skiff.trust.policy.PolicyRefusal
import dev.skiff.trust.policy.PolicyRequirement
import dev.skiff.trust.policy.SignedImage
import dev.skiff.trust.policy.SigstoreVerifier
import java.nio.file.Path
import spock.lang.Specification

/**
 * The seam sigstoreSigned requirements go through: the evaluator hands a {@link SigstoreVerifier}
 * the requirement's fields and the image (its name, manifest, digest and sigstore signatures), and
 * reports its refusal with the scope and requirement.
 */
class SigstoreSeamSpec extends Specification {
    static final byte[] MANIFEST = '{"schemaVersion":2}'.getBytes('UTF-8')

    static policy() {
        PolicyParser.parse('''{"default": [{"type": "reject"}], "transports": {"docker": {"reg.example.com/team": [
            {"type": "sigstoreSigned", "keyPath": "/keys/cosign.pub", "signedIdentity": {"type": "matchRepository"}}]}}}'''.getBytes('UTF-8'),
                'policy.json', Path.of('/'))
    }

    static SignedImage image() {
        def ref = Transports.parse('docker://reg.example.com/team/app:v1')
        new SignedImage(ref, ref.dockerReference(), MANIFEST, Digest.sha256(MANIFEST), {
            [new SimpleSignature([1] as byte[]), new SigstoreSignature(SigstoreSignature.SIMPLE_SIGNING_MIME_TYPE, 'payload'.bytes, [(SigstoreSignature.SIGNATURE_ANNOTATION): 'c2ln'])]
        })
    }

    def "the verifier receives the requirement and the image, and accepting means returning"() {
        given:
        PolicyRequirement.SigstoreSigned seen = null
        SignedImage seenImage = null
        def verifier = { PolicyRequirement.SigstoreSigned r, SignedImage i -> seen = r; seenImage = i } as SigstoreVerifier

        when:
        new PolicyEvaluator(policy(), verifier).admit(image())

        then:
        seen.keyPath() == Path.of('/keys/cosign.pub')
        seen.signedIdentity().matches(seenImage.dockerReference(), 'reg.example.com/team/app:v2')
        seenImage.sigstoreSignatures().size() == 1
        seenImage.manifestMatches(Digest.sha256(MANIFEST).toString())
        seenImage.dockerReference().toString() == 'reg.example.com/team/app:v1'
    }

    def "a verifier's refusal names the scope and the requirement"() {
        given:
        def verifier = { PolicyRequirement.SigstoreSigned r, SignedImage i -> throw new SkiffException('no signature by /keys/cosign.pub') } as SigstoreVerifier

        when:
        new PolicyEvaluator(policy(), verifier).admit(image())

        then:
        def e = thrown(PolicyRefusal)
        e.message.contains('scope docker "reg.example.com/team"')
        e.message.contains('requirement sigstoreSigned (/keys/cosign.pub')
        e.message.endsWith('no signature by /keys/cosign.pub')
    }
}
