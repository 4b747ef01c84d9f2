package dev.skiff.trust.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.SkiffException;
import dev.skiff.trust.policy.PolicyRequirement;
import dev.skiff.trust.policy.SignedImage;
import dev.skiff.trust.policy.SigstoreVerifier;
import java.nio.file.Path;
import java.util.List;

/**
 * policy.json's {@code sigstoreSigned} with a public key ({@code keyPath} or {@code keyData}),
 * found by the policy evaluator through {@link java.util.ServiceLoader}. Fulcio certificates, Rekor
 * log entries and PKI roots are refused by name: this verifier checks key signatures only.
 */
public final class KeySigstoreVerifier implements SigstoreVerifier {
    private static final List<String> UNSUPPORTED = List.of(
            "fulcio", "pki", "rekorPublicKeyPath", "rekorPublicKeyPaths", "rekorPublicKeyData", "rekorPublicKeyDatas");

    @Override
    public void verify(PolicyRequirement.SigstoreSigned requirement, SignedImage image) {
        JsonNode raw = requirement.raw();
        if (raw != null) {
            for (String field : UNSUPPORTED) {
                if (raw.has(field)) {
                    throw new SkiffException(
                            "sigstoreSigned with \"" + field
                                    + "\" is not supported: Skiff verifies sigstore signatures by public key (keyPath, keyData)");
                }
            }
        }
        List<Path> paths = requirement.keyPath() == null ? List.of() : List.of(requirement.keyPath());
        List<byte[]> datas = requirement.keyData() == null ? List.of() : List.of(requirement.keyData());
        if (paths.isEmpty() && datas.isEmpty()) {
            throw new SkiffException("sigstoreSigned has no public key (keyPath or keyData)");
        }
        SigstoreKeyRequirement.of(paths, datas)
                .check(
                        image.signatures(),
                        image.manifest(),
                        claimed -> requirement.signedIdentity().matches(image.dockerReference(), claimed));
    }
}
