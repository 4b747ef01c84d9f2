package dev.skiff.trust.sigstore;

import dev.skiff.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.ECGenParameterSpec;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.RSAPublicKeySpec;
import java.security.spec.X509EncodedKeySpec;
import org.bouncycastle.asn1.ASN1ObjectIdentifier;
import org.bouncycastle.asn1.edec.EdECObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PKCSObjectIdentifiers;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.pkcs.RSAPublicKey;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.asn1.x9.X9ObjectIdentifiers;

/**
 * The key files of sigstore signing, in the formats cosign and skopeo read and write: a public key
 * as PEM "PUBLIC KEY" (PKIX; "RSA PUBLIC KEY", PKCS#1, is read too, as sigstore's cryptoutils
 * does), and a private key as PEM "ENCRYPTED SIGSTORE PRIVATE KEY" or "ENCRYPTED COSIGN PRIVATE
 * KEY" whose body is {@link PassphraseEncryption} JSON around a PKCS#8 key. ECDSA (P-256, P-384,
 * P-521), RSA and Ed25519 keys are read, as cosign's loader takes them; new keys are ECDSA P-256,
 * the one scheme every sigstore verifier must support.
 */
public final class SigstoreKeys {
    public static final String PUBLIC_KEY_TYPE = "PUBLIC KEY";
    public static final String PKCS1_PUBLIC_KEY_TYPE = "RSA PUBLIC KEY";
    /** What cosign's main branch writes now. */
    public static final String SIGSTORE_PRIVATE_KEY_TYPE = "ENCRYPTED SIGSTORE PRIVATE KEY";
    /** What skopeo writes (containers/image chose the older name so released cosign versions read it). */
    public static final String COSIGN_PRIVATE_KEY_TYPE = "ENCRYPTED COSIGN PRIVATE KEY";

    /** A key file larger than this is not a key; read no more of it. */
    static final int KEY_FILE_LIMIT = 1 << 20;

    private SigstoreKeys() {}

    /** A fresh pair: the private key encrypted with {@code passphrase}, as skopeo's generate-sigstore-key writes it. */
    public static SigstoreKeyPair generate(byte[] passphrase) {
        KeyPair pair;
        try {
            KeyPairGenerator generator = KeyPairGenerator.getInstance("EC");
            generator.initialize(new ECGenParameterSpec("secp256r1"));
            pair = generator.generateKeyPair();
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("this JVM cannot make ECDSA P-256 keys", e);
        }
        return new SigstoreKeyPair(encodePrivateKey(pair.getPrivate(), passphrase), encodePublicKey(pair.getPublic()));
    }

    /** PEM "PUBLIC KEY" (PKIX DER), as sigstore's {@code MarshalPublicKeyToPEM}. */
    public static byte[] encodePublicKey(PublicKey key) {
        return new Pem(PUBLIC_KEY_TYPE, key.getEncoded()).encode();
    }

    /** PEM "ENCRYPTED COSIGN PRIVATE KEY" around the PKCS#8 DER, encrypted with {@code passphrase}. */
    public static byte[] encodePrivateKey(PrivateKey key, byte[] passphrase) {
        // skopeo writes the older type name; every cosign release reads it, not all read the newer one.
        return new Pem(COSIGN_PRIVATE_KEY_TYPE, PassphraseEncryption.encrypt(key.getEncoded(), passphrase)).encode();
    }

    public static PublicKey readPublicKey(Path file) {
        return parsePublicKey(read(file, "public key"), "public key " + file);
    }

    /** A public key from PEM text (policy.json's {@code keyData}); {@code what} names the input in errors. */
    public static PublicKey parsePublicKey(byte[] pem, String what) {
        Pem block = Pem.decode(pem, what);
        try {
            return switch (block.type()) {
                case PUBLIC_KEY_TYPE -> publicKey(SubjectPublicKeyInfo.getInstance(block.der()), block.der(), what);
                case PKCS1_PUBLIC_KEY_TYPE -> {
                    RSAPublicKey rsa = RSAPublicKey.getInstance(block.der());
                    yield KeyFactory.getInstance("RSA")
                            .generatePublic(new RSAPublicKeySpec(rsa.getModulus(), rsa.getPublicExponent()));
                }
                default ->
                    throw new SkiffException(what + " is a PEM \"" + block.type() + "\" block, not a public key (\""
                            + PUBLIC_KEY_TYPE + "\")");
            };
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SkiffException(what + " is not a valid public key: " + e.getMessage(), e);
        }
    }

    public static PrivateKey readPrivateKey(Path file, byte[] passphrase) {
        return parsePrivateKey(read(file, "private key"), passphrase, "private key " + file);
    }

    /** Decrypts an "ENCRYPTED SIGSTORE/COSIGN PRIVATE KEY" PEM with {@code passphrase}. */
    public static PrivateKey parsePrivateKey(byte[] pem, byte[] passphrase, String what) {
        Pem block = Pem.decode(pem, what);
        if (!block.type().equals(SIGSTORE_PRIVATE_KEY_TYPE) && !block.type().equals(COSIGN_PRIVATE_KEY_TYPE)) {
            throw new SkiffException(what + " is a PEM \"" + block.type() + "\" block, not a sigstore private key (\""
                    + SIGSTORE_PRIVATE_KEY_TYPE + "\" or \"" + COSIGN_PRIVATE_KEY_TYPE + "\")");
        }
        byte[] pkcs8 = PassphraseEncryption.decrypt(block.der(), passphrase, what);
        try {
            PrivateKeyInfo info = PrivateKeyInfo.getInstance(pkcs8);
            String algorithm = algorithm(info.getPrivateKeyAlgorithm().getAlgorithm(), what);
            return KeyFactory.getInstance(algorithm).generatePrivate(new PKCS8EncodedKeySpec(pkcs8));
        } catch (GeneralSecurityException | IllegalArgumentException e) {
            throw new SkiffException(what + " decrypts to no valid PKCS#8 key: " + e.getMessage(), e);
        }
    }

    private static PublicKey publicKey(SubjectPublicKeyInfo info, byte[] der, String what)
            throws GeneralSecurityException {
        String algorithm = algorithm(info.getAlgorithm().getAlgorithm(), what);
        return KeyFactory.getInstance(algorithm).generatePublic(new X509EncodedKeySpec(der));
    }

    /** The JCA name of the key algorithms cosign signs with; anything else is refused by name. */
    private static String algorithm(ASN1ObjectIdentifier oid, String what) {
        if (oid.equals(X9ObjectIdentifiers.id_ecPublicKey)) {
            return "EC";
        }
        if (oid.equals(PKCSObjectIdentifiers.rsaEncryption)) {
            return "RSA";
        }
        if (oid.equals(EdECObjectIdentifiers.id_Ed25519)) {
            return "Ed25519";
        }
        throw new SkiffException(what + " uses key algorithm " + oid.getId()
                + ", which sigstore does not sign with (ECDSA, RSA or Ed25519)");
    }

    private static byte[] read(Path file, String what) {
        try {
            if (Files.size(file) > KEY_FILE_LIMIT) {
                throw new SkiffException(what + " " + file + " is larger than 1 MiB: not a key file");
            }
            return Files.readAllBytes(file);
        } catch (NoSuchFileException e) {
            throw new SkiffException("cannot read " + what + " " + file + ": it does not exist");
        } catch (IOException e) {
            throw new SkiffException("cannot read " + what + " " + file + ": " + e.getMessage(), e);
        }
    }
}
