package dev.skiff.trust.sigstore;

import dev.skiff.model.ManifestDigest;
import dev.skiff.name.Digest;
import dev.skiff.trust.SigstoreSignature;
import java.security.GeneralSecurityException;
import java.security.PublicKey;
import java.security.Signature;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.function.Predicate;

/**
 * Verifies one sigstore key signature, in containers/image's order ({@code VerifySigstorePayload}):
 * the signature over the payload bytes against any of the trusted keys first, and only then the
 * payload's claims — that it names this manifest's digest, and an identity the caller accepts.
 * Nothing in the payload is looked at before the signature verified.
 */
public final class SigstorePayloadVerifier {
    private final List<PublicKey> keys;

    /** {@code keys}: any of them may have made the signature (policy.json's keyPath, keyPaths, keyData). */
    public SigstorePayloadVerifier(List<PublicKey> keys) {
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("a sigstore verifier needs at least one public key");
        }
        // A key that cannot verify anything fails now, even if another key would have verified:
        // better fixed before it is the one needed.
        keys.forEach(SignatureAlgorithms::forKey);
        this.keys = List.copyOf(keys);
    }

    /**
     * The verified payload of {@code signature}, which must sign {@code manifest} (by digest) as an
     * identity {@code identityAccepted} accepts; else a {@link SigstoreRejection} saying which check failed.
     */
    public SigstorePayload verify(SigstoreSignature signature, byte[] manifest, Predicate<String> identityAccepted) {
        String base64 = signature.untrustedAnnotations().get(SigstoreSignature.SIGNATURE_ANNOTATION);
        if (base64 == null) {
            throw new SigstoreRejection("missing " + SigstoreSignature.SIGNATURE_ANNOTATION + " annotation");
        }
        byte[] raw;
        try {
            raw = Base64.getDecoder().decode(base64);
        } catch (IllegalArgumentException e) {
            throw new SigstoreRejection("the signature annotation is not base64");
        }
        verifySignature(signature.untrustedPayload(), raw);
        SigstorePayload payload = SigstorePayload.parse(signature.untrustedPayload());
        if (!digestMatches(manifest, payload.manifestDigest())) {
            throw new SigstoreRejection("signature for digest " + payload.manifestDigest()
                    + " does not match (the manifest is " + ManifestDigest.of(manifest) + ")");
        }
        if (!identityAccepted.test(payload.dockerReference())) {
            throw new SigstoreRejection("signature for identity \"" + payload.dockerReference() + "\" is not accepted");
        }
        return payload;
    }

    private void verifySignature(byte[] payload, byte[] raw) {
        List<String> failures = new ArrayList<>();
        for (PublicKey key : keys) {
            try {
                Signature verifier = Signature.getInstance(SignatureAlgorithms.forKey(key));
                verifier.initVerify(key);
                verifier.update(payload);
                if (verifier.verify(raw)) {
                    return;
                }
                failures.add("not signed by the " + key.getAlgorithm() + " key " + fingerprint(key));
            } catch (GeneralSecurityException e) {
                // A malformed DER signature lands here: the same verdict as a wrong one.
                failures.add("not signed by the " + key.getAlgorithm() + " key " + fingerprint(key));
            }
        }
        throw new SigstoreRejection("cryptographic signature verification failed: " + String.join(", ", failures));
    }

    /** As containers/image's {@code manifest.MatchesDigest}: the digest in the payload's algorithm. */
    private static boolean digestMatches(byte[] manifest, Digest expected) {
        if (expected.algorithm().equals("sha256")) {
            return ManifestDigest.of(manifest).equals(expected);
        }
        return expected.matches(expected.newHasher().digest(manifest));
    }

    /** A short, stable name for a key in messages: the first 16 hex digits of SHA-256 over its PKIX DER. */
    static String fingerprint(PublicKey key) {
        return Digest.sha256(key.getEncoded()).hex().substring(0, 16);
    }
}
