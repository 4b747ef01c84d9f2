package dev.skiff.trust.sigstore;

import dev.skiff.SkiffException;
import java.security.Key;

/**
 * The JCA signature scheme for a sigstore key, as sigstore's {@code LoadSignerVerifier} with the
 * SHA-256 containers/image always asks for: ECDSA with SHA-256 and an ASN.1 (DER) signature, RSA
 * PKCS#1 v1.5 with SHA-256, Ed25519 over the message itself.
 */
final class SignatureAlgorithms {
    private SignatureAlgorithms() {}

    static String forKey(Key key) {
        return switch (key.getAlgorithm()) {
            case "EC", "ECDSA" -> "SHA256withECDSA";
            case "RSA" -> "SHA256withRSA";
            case "Ed25519", "EdDSA" -> "Ed25519";
            default ->
                throw new SkiffException("a " + key.getAlgorithm()
                        + " key cannot make or check sigstore signatures (ECDSA, RSA or Ed25519)");
        };
    }
}
