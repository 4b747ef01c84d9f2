package dev.skiff.trust.sigstore;

import dev.skiff.SkiffException;
import dev.skiff.Version;
import dev.skiff.model.ManifestDigest;
import dev.skiff.name.Digest;
import dev.skiff.trust.SigstoreSignature;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.Signature;
import java.time.Clock;
import java.util.Base64;
import java.util.Map;

/**
 * Signs a manifest with a sigstore private key, as skopeo's {@code --sign-by-sigstore-private-key}
 * does (containers/image {@code signature/sigstore/internal/signer.go}): the payload names the
 * manifest's digest and the full reference it is pushed as (with its tag: cosign records only the
 * repository, but without the tag a verifier cannot see a rollback); the signature is the base64
 * value of the {@value SigstoreSignature#SIGNATURE_ANNOTATION} annotation. No Fulcio certificate and
 * no Rekor entry: a key signature, which cosign verifies with {@code --key} and policy.json's
 * {@code sigstoreSigned} with {@code keyPath}.
 */
public final class SigstoreSigner {
    private final PrivateKey key;
    private final Clock clock;

    public SigstoreSigner(PrivateKey key) {
        this(key, Clock.systemUTC());
    }

    SigstoreSigner(PrivateKey key, Clock clock) {
        this.key = key;
        this.clock = clock;
        SignatureAlgorithms.forKey(key); // an unusable key fails now, before anything is copied
    }

    /** A signer for the key in {@code pem} (an encrypted sigstore private key). */
    public static SigstoreSigner fromPem(byte[] pem, byte[] passphrase, String what) {
        return new SigstoreSigner(SigstoreKeys.parsePrivateKey(pem, passphrase, what));
    }

    /**
     * A signature of {@code manifest} as {@code dockerReference} ({@code host/repository:tag} or
     * {@code …@digest}, the form {@link dev.skiff.name.ImageName#toString()} gives).
     */
    public SigstoreSignature sign(byte[] manifest, String dockerReference) {
        return sign(ManifestDigest.of(manifest), dockerReference);
    }

    public SigstoreSignature sign(Digest manifestDigest, String dockerReference) {
        if (!hasTagOrDigest(dockerReference)) {
            throw new SkiffException(
                    "reference " + dockerReference + " can't be signed, it has neither a tag nor a digest");
        }
        SigstorePayload payload = new SigstorePayload(
                manifestDigest,
                dockerReference,
                "Skiff " + Version.get(),
                clock.instant().getEpochSecond());
        byte[] payloadBytes = payload.toJson();
        byte[] signature;
        try {
            Signature signer = Signature.getInstance(SignatureAlgorithms.forKey(key));
            signer.initSign(key);
            signer.update(payloadBytes);
            signature = signer.sign();
        } catch (GeneralSecurityException e) {
            throw new SkiffException("creating the sigstore signature failed: " + e.getMessage(), e);
        }
        return new SigstoreSignature(
                SigstoreSignature.SIMPLE_SIGNING_MIME_TYPE,
                payloadBytes,
                Map.of(
                        SigstoreSignature.SIGNATURE_ANNOTATION,
                        Base64.getEncoder().encodeToString(signature)));
    }

    /** A tag is after the last ':' that follows the last '/', a digest after '@'. */
    private static boolean hasTagOrDigest(String reference) {
        if (reference.contains("@")) {
            return true;
        }
        int slash = reference.lastIndexOf('/');
        return reference.indexOf(':', slash + 1) > 0;
    }
}
