package dev.skiff.trust.policy;

import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.transport.ImageReference;
import dev.skiff.trust.Signature;
import dev.skiff.trust.SigstoreSignature;
import dev.skiff.trust.SimpleSignature;
import java.util.List;
import java.util.function.Supplier;

/**
 * The image a policy decides on: where it is ({@code reference}), its registry name if it has one
 * ({@code dockerReference}, null for {@code dir:} and layouts), the manifest's bytes and digest (of
 * the instance being copied), and its untrusted signatures, read only when a requirement asks.
 */
public final class SignedImage {
    private final ImageReference reference;
    private final ImageName dockerReference;
    private final byte[] manifest;
    private final Digest manifestDigest;
    private final Supplier<List<Signature>> signatures;
    private List<Signature> read;

    public SignedImage(
            ImageReference reference,
            ImageName dockerReference,
            byte[] manifest,
            Digest manifestDigest,
            Supplier<List<Signature>> signatures) {
        this.reference = reference;
        this.dockerReference = dockerReference;
        this.manifest = manifest.clone();
        this.manifestDigest = manifestDigest;
        this.signatures = signatures;
    }

    public ImageReference reference() {
        return reference;
    }

    public ImageName dockerReference() {
        return dockerReference;
    }

    public byte[] manifest() {
        return manifest.clone();
    }

    public Digest manifestDigest() {
        return manifestDigest;
    }

    /** True when {@code claimed} (a signature's {@code docker-manifest-digest}) is this manifest's digest, by the claim's own algorithm. */
    public boolean manifestMatches(String claimed) {
        try {
            Digest d = Digest.parse(claimed);
            // As containers/image's MatchesDigest: a signed schema 1 manifest is digested without its JWS signatures.
            return d.matches(d.newHasher().digest(manifest)) || d.equals(dev.skiff.model.ManifestDigest.of(manifest));
        } catch (RuntimeException e) {
            return false;
        }
    }

    public synchronized List<Signature> signatures() {
        if (read == null) {
            read = List.copyOf(signatures.get());
        }
        return read;
    }

    public List<SimpleSignature> simpleSignatures() {
        return signatures().stream()
                .filter(SimpleSignature.class::isInstance)
                .map(SimpleSignature.class::cast)
                .toList();
    }

    public List<SigstoreSignature> sigstoreSignatures() {
        return signatures().stream()
                .filter(SigstoreSignature.class::isInstance)
                .map(SigstoreSignature.class::cast)
                .toList();
    }

    @Override
    public String toString() {
        return reference.toString();
    }
}
