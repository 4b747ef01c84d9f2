package dev.skiff.trust.sigstore;

import dev.skiff.SkiffException;

/** A sigstore signature that does not satisfy a requirement: not signed by a trusted key, another image, another identity. */
public final class SigstoreRejection extends SkiffException {
    public SigstoreRejection(String message) {
        super(message);
    }
}
