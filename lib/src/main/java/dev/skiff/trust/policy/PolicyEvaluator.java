package dev.skiff.trust.policy;

import dev.skiff.SkiffException;
import dev.skiff.trust.SimpleSignature;
import dev.skiff.trust.gpg.GpgKeys;
import dev.skiff.trust.gpg.GpgVerifier;
import dev.skiff.trust.gpg.SimpleSigningPayload;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.ServiceLoader;

/**
 * Decides whether a policy accepts an image: every requirement of the scope that applies must
 * accept it (containers/image's IsRunningImageAllowed). A refusal names the image, the policy file,
 * the scope and the requirement, and says why.
 */
public final class PolicyEvaluator {
    private final Policy policy;
    private final SigstoreVerifier sigstore;

    /** An evaluator whose sigstoreSigned requirements go to the {@link SigstoreVerifier} on the class path, if any. */
    public PolicyEvaluator(Policy policy) {
        this(policy, null);
    }

    /** An evaluator with this sigstore verifier (null: the one on the class path, if any). */
    public PolicyEvaluator(Policy policy, SigstoreVerifier sigstore) {
        this.policy = policy;
        this.sigstore = sigstore;
    }

    public Policy policy() {
        return policy;
    }

    /** Returns when the policy accepts {@code image}; throws {@link PolicyRefusal} otherwise. */
    public void admit(SignedImage image) {
        Policy.Match match = PolicyScopes.match(policy, image.reference());
        for (PolicyRequirement r : match.requirements()) {
            String why = refusal(r, image);
            if (why != null) {
                String file = policy.source() == null ? null : policy.source().toString();
                throw new PolicyRefusal(
                        "Source image rejected: " + image.reference() + " (" + image.manifestDigest() + ")"
                                + " is refused by " + (file == null ? "the policy" : "policy " + file)
                                + ", scope " + match.describe() + ", requirement " + r.describe() + ": " + why,
                        file);
            }
        }
    }

    /** Why {@code r} refuses the image, or null when it accepts it. */
    private String refusal(PolicyRequirement r, SignedImage image) {
        if (r instanceof PolicyRequirement.SignedBy s) {
            return signedBy(s, image);
        }
        if (r instanceof PolicyRequirement.SigstoreSigned s) {
            return sigstoreSigned(s, image);
        }
        return r instanceof PolicyRequirement.Reject ? "the policy rejects every image in this scope" : null;
    }

    private static String signedBy(PolicyRequirement.SignedBy req, SignedImage image) {
        if (!req.keyType().equals("GPGKeys")) {
            return "keyType " + req.keyType() + " is not implemented (containers/image implements GPGKeys only)";
        }
        GpgKeys keys;
        try {
            keys = req.keyData() != null ? GpgKeys.parse(req.keyData(), "keyData") : GpgKeys.read(req.keyPaths());
        } catch (SkiffException e) {
            return e.getMessage();
        }
        List<SimpleSignature> signatures = image.simpleSignatures();
        if (signatures.isEmpty()) {
            return "the image has no simple signing signature";
        }
        List<String> reasons = new ArrayList<>();
        for (SimpleSignature sig : signatures) {
            try {
                GpgVerifier.Verified v = GpgVerifier.verify(sig.untrustedSignature(), keys);
                SimpleSigningPayload payload = SimpleSigningPayload.parse(v.content());
                if (!image.manifestMatches(payload.manifestDigest())) {
                    reasons.add("a signature by " + v.fingerprint() + " is for another manifest, "
                            + payload.manifestDigest());
                } else if (!req.signedIdentity().matches(image.dockerReference(), payload.dockerReference())) {
                    reasons.add("a signature by " + v.fingerprint() + " names \"" + payload.dockerReference()
                            + "\", which " + req.signedIdentity() + " does not accept for "
                            + (image.dockerReference() == null
                                    ? "an image without a registry name"
                                    : image.dockerReference()));
                } else {
                    return null;
                }
            } catch (SkiffException e) {
                reasons.add(e.getMessage());
            }
        }
        return "no signature is accepted (" + signatures.size() + " read): " + String.join("; ", reasons);
    }

    private String sigstoreSigned(PolicyRequirement.SigstoreSigned req, SignedImage image) {
        SigstoreVerifier verifier = sigstore != null ? sigstore : sigstoreVerifier();
        if (verifier == null) {
            return "this build of Skiff has no sigstore verifier (no " + SigstoreVerifier.class.getName()
                    + " on the class path)";
        }
        try {
            verifier.verify(req, image);
            return null;
        } catch (SkiffException e) {
            return e.getMessage();
        } catch (IOException e) {
            return "sigstore verification failed: " + e.getMessage();
        }
    }

    private static volatile SigstoreVerifier loaded;

    /** The verifier on the class path, if any (loaded once). */
    static SigstoreVerifier sigstoreVerifier() {
        SigstoreVerifier v = loaded;
        if (v == null) {
            v = ServiceLoader.load(SigstoreVerifier.class, PolicyEvaluator.class.getClassLoader())
                    .findFirst()
                    .orElse(null);
            loaded = v;
        }
        return v;
    }
}
