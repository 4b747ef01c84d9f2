package dev.skiff.trust.sigstore;

import dev.skiff.trust.Signature;
import dev.skiff.trust.SigstoreSignature;
import java.nio.file.Path;
import java.security.PublicKey;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/**
 * policy.json's {@code sigstoreSigned} with public keys ({@code keyPath}, {@code keyPaths},
 * {@code keyData}, {@code keyDatas}), evaluated over an image's signatures as containers/image's
 * {@code prSigstoreSigned.isRunningImageAllowed}: one signature that verifies is enough; other
 * signature formats and other attachment types are skipped (and counted in the message); when none
 * verifies, the reason is the one rejection, or all of them.
 */
public final class SigstoreKeyRequirement {
    private final SigstorePayloadVerifier verifier;

    public SigstoreKeyRequirement(List<PublicKey> keys) {
        this.verifier = new SigstorePayloadVerifier(keys);
    }

    /** From {@code keyPath}/{@code keyPaths} (files) and {@code keyData}/{@code keyDatas} (PEM bytes, already base64-decoded). */
    public static SigstoreKeyRequirement of(List<Path> keyPaths, List<byte[]> keyDatas) {
        List<PublicKey> keys = new ArrayList<>();
        for (Path path : keyPaths) {
            keys.add(SigstoreKeys.readPublicKey(path));
        }
        for (int i = 0; i < keyDatas.size(); i++) {
            keys.add(SigstoreKeys.parsePublicKey(keyDatas.get(i), "sigstoreSigned keyData " + (i + 1)));
        }
        if (keys.isEmpty()) {
            throw new IllegalArgumentException("sigstoreSigned needs keyPath, keyPaths, keyData or keyDatas");
        }
        return new SigstoreKeyRequirement(keys);
    }

    /**
     * The payload of the first signature that verifies for {@code manifest} as an identity
     * {@code identityAccepted} accepts; a {@link SigstoreRejection} saying why when none does.
     */
    public SigstorePayload check(
            List<? extends Signature> signatures, byte[] manifest, Predicate<String> identityAccepted) {
        List<String> rejections = new ArrayList<>();
        int otherFormats = 0;
        int otherAttachments = 0;
        for (Signature signature : signatures) {
            if (!(signature instanceof SigstoreSignature sigstore)) {
                otherFormats++;
                continue;
            }
            if (!SigstoreSignature.SIMPLE_SIGNING_MIME_TYPE.equals(sigstore.untrustedMimeType())) {
                otherAttachments++; // an attestation or an SBOM attached beside the signatures
                continue;
            }
            try {
                return verifier.verify(sigstore, manifest, identityAccepted);
            } catch (dev.skiff.SkiffException e) {
                rejections.add(e.getMessage());
            }
        }
        if (rejections.isEmpty()) {
            throw new SigstoreRejection(
                    otherFormats == 0 && otherAttachments == 0
                            ? "a signature was required, but no signature exists"
                            : "a signature was required, but no signature exists (" + otherFormats
                                    + " non-sigstore signatures, " + otherAttachments
                                    + " sigstore non-signature attachments)");
        }
        if (rejections.size() == 1) {
            throw new SigstoreRejection(rejections.get(0));
        }
        throw new SigstoreRejection("none of the signatures were accepted, reasons: " + String.join("; ", rejections));
    }
}
