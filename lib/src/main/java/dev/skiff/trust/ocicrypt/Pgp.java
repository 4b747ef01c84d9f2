package dev.skiff.trust.ocicrypt;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.Date;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.bcpg.SymmetricKeyAlgorithmTags;
import org.bouncycastle.openpgp.PGPCompressedData;
import org.bouncycastle.openpgp.PGPEncryptedDataGenerator;
import org.bouncycastle.openpgp.PGPEncryptedDataList;
import org.bouncycastle.openpgp.PGPException;
import org.bouncycastle.openpgp.PGPLiteralData;
import org.bouncycastle.openpgp.PGPLiteralDataGenerator;
import org.bouncycastle.openpgp.PGPPrivateKey;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyEncryptedData;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;
import org.bouncycastle.openpgp.PGPSecretKey;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.jcajce.JcaPGPObjectFactory;
import org.bouncycastle.openpgp.operator.jcajce.JcaKeyFingerprintCalculator;
import org.bouncycastle.openpgp.operator.jcajce.JcePBESecretKeyDecryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePGPDataEncryptorBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyDataDecryptorFactoryBuilder;
import org.bouncycastle.openpgp.operator.jcajce.JcePublicKeyKeyEncryptionMethodGenerator;

/**
 * ocicrypt's {@code pgp} scheme: the layer's private options in an OpenPGP message (AES-256,
 * integrity-protected, not compressed) encrypted to each recipient's encryption key; the binary
 * message is the annotation's (base64) value. Recipients are found by name or e-mail address in a
 * public keyring (GnuPG's, as skopeo exports it, or a key file); decryption takes secret keyrings
 * as {@code gpg --export-secret-keys} writes them.
 */
final class Pgp {
    private Pgp() {}

    /** A secret keyring and its passphrase (null when unprotected). */
    record SecretRing(PGPSecretKeyRingCollection keys, char[] passphrase) {}

    /** The public keyrings in {@code data} (binary or armored); null when it holds none. */
    static PGPPublicKeyRingCollection publicRings(byte[] data) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(data))) {
            PGPPublicKeyRingCollection rings = new PGPPublicKeyRingCollection(in, new JcaKeyFingerprintCalculator());
            return rings.size() == 0 ? null : rings;
        } catch (IOException | PGPException | RuntimeException e) {
            return null;
        }
    }

    /** The secret keyrings in {@code data}; null when it holds none. */
    static PGPSecretKeyRingCollection secretRings(byte[] data) {
        try (InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(data))) {
            PGPSecretKeyRingCollection rings = new PGPSecretKeyRingCollection(in, new JcaKeyFingerprintCalculator());
            return rings.size() == 0 ? null : rings;
        } catch (IOException | PGPException | RuntimeException e) {
            return null;
        }
    }

    /**
     * The encryption key of the keyring whose user ID has {@code recipient} as its name or e-mail
     * address (as ocicrypt matches), or whose fingerprint or key ID ends with it; null if none.
     */
    static PGPPublicKey find(PGPPublicKeyRingCollection rings, String recipient) {
        String hex = recipient.toLowerCase(Locale.ROOT).replaceFirst("^0x", "");
        for (PGPPublicKeyRing ring : rings) {
            boolean match = false;
            for (Iterator<String> ids = ring.getPublicKey().getUserIDs(); ids.hasNext(); ) {
                String id = ids.next();
                int lt = id.lastIndexOf('<');
                int gt = id.lastIndexOf('>');
                String address = lt >= 0 && gt > lt ? id.substring(lt + 1, gt).trim() : id.trim();
                String name = lt >= 0 ? id.substring(0, lt).trim() : "";
                if (name.startsWith("\"") && name.endsWith("\"") && name.length() > 1) {
                    name = name.substring(1, name.length() - 1);
                }
                if (recipient.equals(address) || recipient.equals(name)) {
                    match = true;
                }
            }
            for (PGPPublicKey k : ring) {
                String fpr = org.bouncycastle.util.encoders.Hex.toHexString(k.getFingerprint());
                if (hex.length() >= 8 && hex.matches("[0-9a-f]+") && fpr.endsWith(hex)) {
                    match = true;
                }
            }
            if (match) {
                PGPPublicKey chosen = null;
                for (PGPPublicKey k : ring) {
                    if (k.isEncryptionKey() && !k.hasRevocation() && !expired(k)) {
                        chosen = k; // the last encryption subkey, as gpg prefers the newest
                    }
                }
                if (chosen != null) {
                    return chosen;
                }
            }
        }
        return null;
    }

    private static boolean expired(PGPPublicKey k) {
        long seconds = k.getValidSeconds();
        return seconds > 0 && k.getCreationTime().getTime() + seconds * 1000 < System.currentTimeMillis();
    }

    static byte[] wrap(List<PGPPublicKey> recipients, byte[] optsData) {
        try {
            PGPEncryptedDataGenerator generator =
                    new PGPEncryptedDataGenerator(new JcePGPDataEncryptorBuilder(SymmetricKeyAlgorithmTags.AES_256)
                            .setWithIntegrityPacket(true)
                            .setSecureRandom(new SecureRandom())
                            .setProvider(KeyFiles.BC));
            for (PGPPublicKey key : recipients) {
                generator.addMethod(new JcePublicKeyKeyEncryptionMethodGenerator(key).setProvider(KeyFiles.BC));
            }
            ByteArrayOutputStream out = new ByteArrayOutputStream();
            try (OutputStream encrypted = generator.open(out, new byte[1 << 12]);
                    OutputStream literal = new PGPLiteralDataGenerator()
                            .open(encrypted, PGPLiteralData.BINARY, "", optsData.length, new Date())) {
                literal.write(optsData);
            }
            return out.toByteArray();
        } catch (IOException | PGPException e) {
            throw new IllegalStateException("OpenPGP encryption failed: " + e.getMessage(), e);
        }
    }

    /** The options in {@code packet} opened with one of {@code rings}; null when none of them opens it. */
    static byte[] unwrap(List<SecretRing> rings, byte[] packet) throws KeyFiles.PasswordException {
        PGPEncryptedDataList list;
        try {
            JcaPGPObjectFactory factory =
                    new JcaPGPObjectFactory(PGPUtil.getDecoderStream(new ByteArrayInputStream(packet)));
            Object o = factory.nextObject();
            while (o != null && !(o instanceof PGPEncryptedDataList)) {
                o = factory.nextObject();
            }
            if (o == null) {
                throw new IllegalArgumentException("the pgp packet holds no encrypted data");
            }
            list = (PGPEncryptedDataList) o;
        } catch (IOException e) {
            throw new IllegalArgumentException("the pgp packet cannot be read: " + e.getMessage());
        }
        KeyFiles.PasswordException passwordProblem = null;
        for (Object o : list) {
            if (!(o instanceof PGPPublicKeyEncryptedData data)) {
                continue;
            }
            for (SecretRing ring : rings) {
                PGPSecretKey secret = ring.keys().getSecretKey(data.getKeyID());
                if (secret == null) {
                    continue;
                }
                PGPPrivateKey priv;
                try {
                    priv = secret.extractPrivateKey(new JcePBESecretKeyDecryptorBuilder()
                            .setProvider(KeyFiles.BC)
                            .build(ring.passphrase() == null ? new char[0] : ring.passphrase()));
                } catch (PGPException e) {
                    passwordProblem = new KeyFiles.PasswordException(
                            ring.passphrase() == null
                                    ? "the OpenPGP secret key " + Long.toHexString(data.getKeyID())
                                            + " is password-protected and no password was given"
                                    : "the password does not open OpenPGP secret key "
                                            + Long.toHexString(data.getKeyID()));
                    continue;
                }
                try {
                    InputStream clear = data.getDataStream(new JcePublicKeyDataDecryptorFactoryBuilder()
                            .setProvider(KeyFiles.BC)
                            .build(priv));
                    byte[] opts = literal(new JcaPGPObjectFactory(clear));
                    if (data.isIntegrityProtected() && !data.verify()) {
                        continue;
                    }
                    return opts;
                } catch (IOException | PGPException | RuntimeException e) {
                    // try the next key
                }
            }
        }
        if (passwordProblem != null) {
            throw passwordProblem;
        }
        return null;
    }

    private static byte[] literal(JcaPGPObjectFactory factory) throws IOException, PGPException {
        List<Object> seen = new ArrayList<>();
        Object o = factory.nextObject();
        while (o != null) {
            if (o instanceof PGPCompressedData compressed) {
                factory = new JcaPGPObjectFactory(compressed.getDataStream());
                o = factory.nextObject();
                continue;
            }
            if (o instanceof PGPLiteralData literal) {
                return literal.getInputStream().readAllBytes();
            }
            seen.add(o);
            o = factory.nextObject();
        }
        throw new IOException("no literal data in the OpenPGP message");
    }
}
