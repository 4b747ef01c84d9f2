package dev.skiff.trust.gpg;

import dev.skiff.SkiffException;
import dev.skiff.model.ManifestDigest;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;
import java.io.IOException;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;

/**
 * skopeo's standalone-sign and standalone-verify: a simple signing signature of a manifest file for
 * a name, made with GnuPG, and checked against given keys, a name and a manifest, with no image
 * anywhere.
 */
public final class StandaloneSignatures {
    private StandaloneSignatures() {}

    /** The signature of {@code manifest} as {@code dockerReference} by the GnuPG key {@code fingerprint}. */
    public static byte[] sign(byte[] manifest, String dockerReference, String fingerprint, Path passphraseFile)
            throws IOException {
        ImageName name = name(dockerReference);
        Digest digest = ManifestDigest.of(manifest);
        return new GpgSigner(fingerprint, passphraseFile)
                .signPayload(GpgSigner.payload(name.toString(), digest).toJson());
    }

    /**
     * Checks that {@code signature} was made by one of {@code keys} whose fingerprint is one of
     * {@code fingerprints} (empty: any of them), for exactly {@code dockerReference} and for
     * {@code manifest}; returns the manifest's digest.
     */
    public static Digest verify(
            byte[] manifest, String dockerReference, List<String> fingerprints, byte[] signature, GpgKeys keys) {
        ImageName expected = name(dockerReference);
        GpgVerifier.Verified v = GpgVerifier.verify(signature, keys);
        if (!fingerprints.isEmpty()
                && fingerprints.stream()
                        .noneMatch(f -> f.trim().toUpperCase(Locale.ROOT).equals(v.fingerprint()))) {
            throw new SkiffException("signature by key " + v.fingerprint() + " does not match the expected fingerprint "
                    + String.join(", ", fingerprints));
        }
        SimpleSigningPayload payload = SimpleSigningPayload.parse(v.content());
        Digest digest = ManifestDigest.of(manifest);
        Digest claimed;
        try {
            claimed = Digest.parse(payload.manifestDigest());
        } catch (RuntimeException e) {
            throw new SkiffException(
                    "the signature claims an invalid manifest digest \"" + payload.manifestDigest() + "\"");
        }
        if (!claimed.equals(digest)) {
            throw new SkiffException(
                    "the signature is for manifest " + claimed + ", not for this manifest (" + digest + ")");
        }
        ImageName signed;
        try {
            signed = ImageName.parseAllowingNoTag(payload.dockerReference());
        } catch (InvalidReferenceException e) {
            throw new SkiffException("the signature claims an invalid name \"" + payload.dockerReference() + "\"");
        }
        if (!signed.toString().equals(expected.toString())) {
            throw new SkiffException(
                    "the signature is for \"" + payload.dockerReference() + "\", not for \"" + expected + "\"");
        }
        return digest;
    }

    private static ImageName name(String dockerReference) {
        try {
            return ImageName.parseAllowingNoTag(dockerReference);
        } catch (InvalidReferenceException e) {
            throw new SkiffException("invalid docker reference \"" + dockerReference + "\": " + e.getMessage());
        }
    }
}
