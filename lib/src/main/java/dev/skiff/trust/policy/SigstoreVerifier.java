package dev.skiff.trust.policy;

import java.io.IOException;

/**
 * The seam for {@code sigstoreSigned} requirements: an implementation is found with
 * {@link java.util.ServiceLoader} (a {@code META-INF/services/dev.skiff.trust.policy.SigstoreVerifier}
 * entry); without one on the class path, a {@code sigstoreSigned} requirement refuses every image.
 *
 * <p>An implementation accepts by returning normally when at least one of
 * {@link SignedImage#sigstoreSignatures()} is valid for the requirement's key ({@code keyPath} or
 * {@code keyData}), its payload's {@code docker-manifest-digest} passes
 * {@link SignedImage#manifestMatches}, and its {@code docker-reference} passes
 * {@code requirement.signedIdentity().matches(image.dockerReference(), claimed)}. It refuses by
 * throwing a {@link dev.skiff.SkiffException} whose message says why (the evaluator adds the
 * image, the scope and the requirement).
 */
public interface SigstoreVerifier {
    void verify(PolicyRequirement.SigstoreSigned requirement, SignedImage image) throws IOException;
}
