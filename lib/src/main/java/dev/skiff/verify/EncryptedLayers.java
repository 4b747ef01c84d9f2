package dev.skiff.verify;

import dev.skiff.Hint;
import dev.skiff.SkiffException;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageManifest;
import dev.skiff.transport.ImageSource;
import dev.skiff.trust.ocicrypt.LayerCipher;
import dev.skiff.trust.ocicrypt.LayerCrypto;
import dev.skiff.trust.ocicrypt.OciCrypt;
import dev.skiff.verify.ComparisonRow.Status;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.ArrayList;
import java.util.List;

/**
 * Compares two images of which one (or both) has ocicrypt-encrypted layers: the same config, and
 * layer by layer the same digest, or — for an encrypted layer against a plain one — with a
 * decryption key, the encrypted layer's bytes decrypted (HMAC checked) to the plain layer's
 * digest; without a key, the encrypted layers are named as not compared.
 */
final class EncryptedLayers {
    private EncryptedLayers() {}

    static boolean any(ImageManifest s, ImageManifest d) {
        return s.layers().stream().anyMatch(l -> OciCrypt.isEncrypted(l.mediaType()))
                || d.layers().stream().anyMatch(l -> OciCrypt.isEncrypted(l.mediaType()));
    }

    static ComparisonRow compare(
            String name,
            ImageSource source,
            ImageManifest s,
            ImageSource destination,
            ImageManifest d,
            LayerCrypto crypto,
            List<Note> notes)
            throws IOException {
        if (!s.config().digest().equals(d.config().digest())
                || s.layers().size() != d.layers().size()) {
            notes.add(Note.of(name + ": other layers or another config ("
                    + s.config().digest() + " vs " + d.config().digest() + ", "
                    + s.layers().size() + " vs " + d.layers().size() + " layers)"));
            return new ComparisonRow(name, s.digest(), d.digest(), Status.DIFFERENT);
        }
        List<Integer> unverified = new ArrayList<>();
        List<Integer> decrypted = new ArrayList<>();
        List<String> problems = new ArrayList<>();
        for (int i = 0; i < s.layers().size(); i++) {
            Descriptor a = s.layers().get(i);
            Descriptor b = d.layers().get(i);
            if (a.digest().equals(b.digest())) {
                continue;
            }
            boolean ea = OciCrypt.isEncrypted(a.mediaType());
            boolean eb = OciCrypt.isEncrypted(b.mediaType());
            if (!ea && !eb) {
                problems.add("layer " + i + " differs (" + a.digest() + " vs " + b.digest() + ")");
                continue;
            }
            if (!crypto.decrypts()) {
                unverified.add(i);
                continue;
            }
            try {
                var plainA = ea ? decrypt(source, a, crypto) : a.digest();
                var plainB = eb ? decrypt(destination, b, crypto) : b.digest();
                if (plainA.equals(plainB)) {
                    decrypted.add(i);
                } else {
                    problems.add("layer " + i + " decrypts to " + (ea ? plainA : plainB) + ", not "
                            + (ea ? plainB : plainA));
                }
            } catch (SkiffException | IOException e) {
                problems.add("layer " + i + ": " + e.getMessage());
            }
        }
        if (!problems.isEmpty()) {
            notes.add(Note.of(name + ": " + String.join("; ", problems)));
            return new ComparisonRow(name, s.digest(), d.digest(), Status.DIFFERENT);
        }
        if (!decrypted.isEmpty()) {
            notes.add(Note.of(name + ": encrypted layers " + decrypted
                    + " were decrypted with the key given (HMAC checked) to the other side's layer digests; the config "
                    + s.config().digest() + " is the same"));
        }
        if (!unverified.isEmpty()) {
            notes.add(new Note(
                    name + ": layers " + unverified + " are encrypted (ocicrypt, for "
                            + OciCrypt.schemes(
                                    encryptedOf(s, d, unverified.get(0)).annotations())
                            + "); the config " + s.config().digest()
                            + " is the same, but their plaintext was not compared without a decryption key",
                    Hint.DECRYPTION_KEY_NEEDED));
        }
        return new ComparisonRow(name, s.digest(), d.digest(), Status.SAME_CONTENT);
    }

    private static Descriptor encryptedOf(ImageManifest s, ImageManifest d, int i) {
        return OciCrypt.isEncrypted(s.layers().get(i).mediaType())
                ? s.layers().get(i)
                : d.layers().get(i);
    }

    /** The plaintext digest of an encrypted layer, proved by decrypting its bytes (HMAC and digest checked). */
    private static dev.skiff.name.Digest decrypt(ImageSource side, Descriptor layer, LayerCrypto crypto)
            throws IOException {
        LayerCipher cipher = crypto.decryptor(layer, side.reference().toString());
        try (InputStream raw = side.openBlob(layer);
                InputStream verified = new VerifyingInputStream(raw, layer);
                InputStream plain = cipher.open(verified, layer.digest().toString())) {
            plain.transferTo(OutputStream.nullOutputStream());
        }
        return cipher.options().digest();
    }
}
