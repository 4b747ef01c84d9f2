package dev.skiff.trust.gpg;

import dev.skiff.SkiffException;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import org.bouncycastle.gpg.keybox.KeyBlob;
import org.bouncycastle.gpg.keybox.PublicKeyRingBlob;
import org.bouncycastle.gpg.keybox.bc.BcKeyBox;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRing;
import org.bouncycastle.openpgp.PGPSecretKeyRing;
import org.bouncycastle.openpgp.PGPUtil;
import org.bouncycastle.openpgp.bc.BcPGPObjectFactory;
import org.bouncycastle.util.encoders.Hex;

/**
 * OpenPGP public keys read in-process (no gpg needed): an exported key file, binary or armored, a
 * keyring ({@code pubring.gpg}), or GnuPG's keybox ({@code pubring.kbx}).
 */
public final class GpgKeys {
    private final List<PGPPublicKeyRing> rings;

    private GpgKeys(List<PGPPublicKeyRing> rings) {
        this.rings = List.copyOf(rings);
    }

    public static GpgKeys of(List<PGPPublicKeyRing> rings) {
        return new GpgKeys(rings);
    }

    /** The keys in {@code files}, together. */
    public static GpgKeys read(List<Path> files) {
        List<PGPPublicKeyRing> all = new ArrayList<>();
        for (Path f : files) {
            byte[] data;
            try {
                data = Files.readAllBytes(f);
            } catch (IOException e) {
                throw new SkiffException("cannot read key file " + f + ": " + e.getMessage(), e);
            }
            all.addAll(parse(data, "key file " + f).rings);
        }
        return new GpgKeys(all);
    }

    /** The keys in {@code data}; {@code what} names it in errors. */
    public static GpgKeys parse(byte[] data, String what) {
        List<PGPPublicKeyRing> found = new ArrayList<>();
        try {
            if (isKeybox(data)) {
                for (KeyBlob blob : new BcKeyBox(data).getKeyBlobs()) {
                    if (blob instanceof PublicKeyRingBlob ring) {
                        found.add(ring.getPGPPublicKeyRing());
                    }
                }
            } else {
                InputStream in = PGPUtil.getDecoderStream(new ByteArrayInputStream(data));
                BcPGPObjectFactory f = new BcPGPObjectFactory(in);
                for (Object o = f.nextObject(); o != null; o = f.nextObject()) {
                    if (o instanceof PGPPublicKeyRing ring) {
                        found.add(ring);
                    } else if (o instanceof PGPSecretKeyRing secret) {
                        found.add(secret.toCertificate());
                    }
                }
            }
        } catch (IOException | RuntimeException e) {
            throw new SkiffException(what + " holds no OpenPGP keys Skiff can read: " + e.getMessage(), e);
        }
        if (found.isEmpty()) {
            throw new SkiffException(what + " holds no OpenPGP public key");
        }
        return new GpgKeys(found);
    }

    /** The user's GnuPG keyring: {@code $GNUPGHOME} (else {@code ~/.gnupg}), pubring.kbx, else pubring.gpg. */
    public static GpgKeys userKeyring() {
        String home = System.getenv("GNUPGHOME");
        Path dir = home != null && !home.isEmpty() ? Path.of(home) : Path.of(System.getProperty("user.home"), ".gnupg");
        for (String name : List.of("pubring.kbx", "pubring.gpg")) {
            Path p = dir.resolve(name);
            if (Files.isRegularFile(p)) {
                return read(List.of(p));
            }
        }
        throw new SkiffException("no GnuPG keyring in " + dir + " (pubring.kbx or pubring.gpg)");
    }

    /** GnuPG's keybox starts with a header blob whose magic, "KBXf", is at offset 8. */
    private static boolean isKeybox(byte[] data) {
        return data.length > 12 && new String(data, 8, 4, StandardCharsets.ISO_8859_1).equals("KBXf");
    }

    public List<PGPPublicKeyRing> rings() {
        return rings;
    }

    /** The key (primary or subkey) with this key ID, and its ring; null when none has it. */
    public Found find(long keyId) {
        for (PGPPublicKeyRing ring : rings) {
            PGPPublicKey k = ring.getPublicKey(keyId);
            if (k != null) {
                return new Found(ring, k);
            }
        }
        return null;
    }

    /** The primary keys' fingerprints, upper-case hex as gpg prints them. */
    public List<String> fingerprints() {
        return rings.stream().map(r -> fingerprint(r.getPublicKey())).toList();
    }

    public static String fingerprint(PGPPublicKey key) {
        return Hex.toHexString(key.getFingerprint()).toUpperCase(Locale.ROOT);
    }

    /** A key and the ring (certificate) it belongs to. */
    public record Found(PGPPublicKeyRing ring, PGPPublicKey key) {
        public PGPPublicKey primary() {
            return ring.getPublicKey();
        }

        /** Why this key may not be trusted now (revoked, expired), or null when it may. */
        public String unusable(long nowSeconds) {
            PGPPublicKey primary = primary();
            for (PGPPublicKey k : key == primary ? List.of(primary) : List.of(primary, key)) {
                if (k.hasRevocation()) {
                    return "key " + fingerprint(k) + " is revoked";
                }
                long valid = k.getValidSeconds();
                long created = k.getCreationTime().getTime() / 1000;
                if (valid > 0 && created + valid < nowSeconds) {
                    return "key " + fingerprint(k) + " expired " + java.time.Instant.ofEpochSecond(created + valid);
                }
            }
            return null;
        }
    }

    @Override
    public String toString() {
        StringBuilder b = new StringBuilder();
        for (Iterator<String> it = fingerprints().iterator(); it.hasNext(); ) {
            b.append(it.next()).append(it.hasNext() ? ", " : "");
        }
        return b.toString();
    }
}
