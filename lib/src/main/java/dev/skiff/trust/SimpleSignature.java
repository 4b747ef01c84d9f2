package dev.skiff.trust;

/**
 * A "simple signing" signature: an OpenPGP signed message whose literal data is the atomic container
 * signature JSON (containers-signature(5)).
 */
public record SimpleSignature(byte[] untrustedSignature) implements Signature {
    public static final String FORMAT = "simple-signing";

    @Override
    public byte[] toBlob() {
        // Stored bare, as every reader before the format prefix expects.
        return untrustedSignature.clone();
    }
}
