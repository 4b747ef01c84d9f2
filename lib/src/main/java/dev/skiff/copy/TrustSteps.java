package dev.skiff.copy;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ManifestDocument;
import dev.skiff.name.ImageName;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.SignatureDestination;
import dev.skiff.transport.SignatureOptions;
import dev.skiff.transport.SignatureRefusal;
import dev.skiff.transport.SignatureSource;
import dev.skiff.trust.Signature;
import dev.skiff.trust.Signer;
import dev.skiff.trust.policy.PolicyEvaluator;
import dev.skiff.trust.policy.SignedImage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * The trust steps of a copy, in the order the {@link Copier} takes them: the policy decides on the
 * source before the destination is opened ({@link #admit}); the destination is asked whether it can
 * store the signatures before anything is written ({@link #check}); the signatures carried and
 * those {@code signers} make are stored after the manifest ({@link #store}).
 *
 * @param policy the policy (null: accept anything, skopeo's {@code --insecure-policy})
 * @param removeSignatures drop the source's signatures rather than carry them
 * @param signers new signatures to make of what is written
 * @param signIdentity the name the new signatures claim (null: the destination's registry name)
 * @param storage where lookaside signatures live (registries.d)
 */
public record TrustSteps(
        PolicyEvaluator policy,
        boolean removeSignatures,
        List<Signer> signers,
        ImageName signIdentity,
        SignatureOptions storage) {
    public static final TrustSteps NONE = new TrustSteps(null, false, List.of(), null, SignatureOptions.defaults());

    public TrustSteps {
        signers = signers == null ? List.of() : List.copyOf(signers);
        storage = storage == null ? SignatureOptions.defaults() : storage;
    }

    public TrustSteps withPolicy(PolicyEvaluator value) {
        return new TrustSteps(value, removeSignatures, signers, signIdentity, storage);
    }

    public TrustSteps withRemoveSignatures(boolean value) {
        return new TrustSteps(policy, value, signers, signIdentity, storage);
    }

    public TrustSteps withSigners(List<Signer> value) {
        return new TrustSteps(policy, removeSignatures, value, signIdentity, storage);
    }

    /** These steps with one more signer after those there (a sigstore key beside a GnuPG one). */
    public TrustSteps withSigner(Signer value) {
        List<Signer> more = new ArrayList<>(signers);
        more.add(value);
        return withSigners(more);
    }

    public TrustSteps withSignIdentity(ImageName value) {
        return new TrustSteps(policy, removeSignatures, signers, value, storage);
    }

    public TrustSteps withStorage(SignatureOptions value) {
        return new TrustSteps(policy, removeSignatures, signers, signIdentity, value);
    }

    /**
     * What the policy admitted: the top-level manifest as read, the manifest checked (the instance
     * copied), and the signatures to carry. The copy reuses both documents rather than read them again.
     */
    public record Admitted(
            ManifestDocument top,
            ManifestDocument manifest,
            List<Signature> carried,
            java.util.Map<dev.skiff.name.Digest, List<Signature>> instances) {
        /** Everything this copy would store: the image's signatures and those of the index's instances. */
        boolean carriesAny() {
            return !carried.isEmpty() || !instances.isEmpty();
        }

        /** The document for {@code d}, from what was read already when it is the one checked. */
        ManifestDocument reuse(Descriptor d) {
            return d.digest().equals(manifest.digest()) ? manifest : null;
        }
    }

    /**
     * Checks the policy on the image a copy with {@code options} reads (the instance for this
     * platform when one is chosen from an index) and returns the signatures to carry. Reads only
     * the source; throws {@link dev.skiff.trust.policy.PolicyRefusal} when the policy refuses.
     */
    public Admitted admit(ImageSource source, CopyOptions options) throws IOException {
        ManifestDocument top = Sides.source(source::manifest);
        ManifestDocument doc = top;
        if (!options.all() && options.platforms().isEmpty()) {
            while (doc instanceof ImageIndex index) {
                var child = index.find(options.platform());
                if (child.isEmpty()) {
                    break; // the copy reports the missing platform in its own words
                }
                Descriptor d = child.get();
                doc = Sides.source(() -> source.manifest(d));
            }
        }
        ManifestDocument checked = doc;
        List<Signature> read = null;
        SignedImage image = new SignedImage(
                source.reference(),
                source.reference().dockerReference(),
                checked.raw(),
                checked.digest(),
                () -> signaturesOf(source, checked.digest()));
        if (policy != null) {
            policy.admit(image);
        }
        if (removeSignatures) {
            return new Admitted(top, checked, List.of(), java.util.Map.of());
        }
        read = image.signatures();
        // A whole index copied: each instance's own signatures come along too (dir: HEX.signature-N), as skopeo carries
        // them.
        java.util.Map<dev.skiff.name.Digest, List<Signature>> instances = new java.util.LinkedHashMap<>();
        if (options.all() && top instanceof ImageIndex index) {
            for (Descriptor d : index.manifests()) {
                List<Signature> sigs = signaturesOf(source, d.digest());
                if (!sigs.isEmpty()) {
                    instances.put(d.digest(), sigs);
                }
            }
        }
        return new Admitted(top, checked, read, instances);
    }

    private List<Signature> signaturesOf(ImageSource source, dev.skiff.name.Digest digest) {
        if (!(source instanceof SignatureSource s)) {
            return List.of();
        }
        try {
            return Sides.source(() -> s.signatures(digest, storage));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /**
     * Before anything is written: the destination can store what this copy will give it, the
     * manifest the signatures sign is copied unchanged, and new signatures have a name to claim.
     */
    void check(Admitted admitted, ImageDestination destination, boolean manifestChanges) throws IOException {
        if (!admitted.carriesAny() && signers.isEmpty()) {
            return;
        }
        if (admitted.carriesAny() && manifestChanges) {
            throw new SkiffException(
                    "cannot copy the signatures of " + admitted.manifest().digest() + " to " + destination.reference()
                            + ": the copy changes the manifest they sign, which would invalidate them",
                    Hint.SIGNATURES_UNSUPPORTED,
                    destination.reference().toString(),
                    Side.DESTINATION,
                    null);
        }
        Set<String> formats = new LinkedHashSet<>();
        admitted.carried().forEach(s -> formats.add(format(s)));
        admitted.instances().values().forEach(list -> list.forEach(s -> formats.add(format(s))));
        signers.forEach(s -> formats.add(s.format()));
        if (!(destination instanceof SignatureDestination) && !admitted.carriesAny()) {
            throw new SkiffException(
                    "cannot sign the image at " + destination.reference() + ": the "
                            + destination.reference().transport().name()
                            + " transport does not store signatures; sign where they can be kept (a registry, dir:)",
                    Hint.NONE,
                    destination.reference().toString(),
                    Side.DESTINATION,
                    null);
        }
        if (!(destination instanceof SignatureDestination d)) {
            throw new SignatureRefusal(
                    "cannot copy signatures to " + destination.reference() + ": the "
                            + destination.reference().transport().name() + " transport does not store signatures",
                    destination.reference().toString());
        }
        Sides.destinationStep(() -> d.checkSignatures(formats, storage));
        if (!signers.isEmpty() && identity(destination) == null) {
            throw new SkiffException(
                    "cannot sign the image at " + destination.reference()
                            + ": it has no registry name for the signature to claim; give a sign identity",
                    Hint.SIGN_IDENTITY,
                    destination.reference().toString(),
                    Side.DESTINATION,
                    null);
        }
    }

    /** After the manifest {@code written} is stored, before the destination commits. */
    void store(
            Admitted admitted, ImageDestination destination, ManifestDocument written, List<ManifestDocument> children)
            throws IOException {
        if (!admitted.carriesAny() && signers.isEmpty()) {
            return;
        }
        ImageName identity = identity(destination);
        // Each instance of an index written: its own signatures, and new ones (skopeo --all --sign-by signs every
        // instance).
        for (ManifestDocument child : children) {
            List<Signature> sigs = new ArrayList<>(admitted.instances().getOrDefault(child.digest(), List.of()));
            for (Signer s : signers) {
                sigs.add(s.sign(identity, child.digest(), child.raw()));
            }
            if (!sigs.isEmpty()) {
                SignatureDestination d = (SignatureDestination) destination;
                Sides.destinationStep(() -> d.putSignatures(child.digest(), sigs, storage));
            }
        }
        if (admitted.carried().isEmpty() && signers.isEmpty()) {
            return;
        }
        List<Signature> all = new ArrayList<>(admitted.carried());
        for (Signer s : signers) {
            all.add(s.sign(identity, written.digest(), written.raw()));
        }
        SignatureDestination d = (SignatureDestination) destination;
        Sides.destinationStep(() -> d.putSignatures(written.digest(), all, storage));
    }

    private ImageName identity(ImageDestination destination) {
        if (signIdentity != null) {
            return signIdentity;
        }
        ImageName n = destination.reference().dockerReference();
        return n == null ? null : n.withoutDigest();
    }

    static String format(Signature s) {
        return s instanceof dev.skiff.trust.SimpleSignature
                ? dev.skiff.trust.SimpleSignature.FORMAT
                : dev.skiff.trust.SigstoreSignature.FORMAT;
    }
}
