package dev.skiff.trust.ocicrypt;

import dev.skiff.Hint;
import dev.skiff.SkiffException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPSecretKeyRingCollection;

/**
 * The keys that may open encrypted layers, from skopeo's {@code --decryption-key} forms:
 * {@code FILE}, {@code FILE:PASSWORD}, {@code FILE:pass=PASSWORD}, {@code FILE:file=PASSWORDFILE}
 * (a private key as PEM, DER or JWK; an OpenPGP secret keyring; an x509 certificate, which PKCS#7
 * does not need here and is accepted for skopeo's sake) and {@code provider:NAME[:PARAM]}.
 */
record DecryptionKeys(List<PrivateKey> privateKeys, List<Pgp.SecretRing> pgp, List<KeyProvider> providers) {
    static final DecryptionKeys NONE = new DecryptionKeys(List.of(), List.of(), List.of());

    boolean isEmpty() {
        return privateKeys.isEmpty() && pgp.isEmpty() && providers.isEmpty();
    }

    static DecryptionKeys parse(List<String> specs, Map<String, String> env) {
        List<PrivateKey> keys = new ArrayList<>();
        List<Pgp.SecretRing> pgp = new ArrayList<>();
        List<KeyProvider> providers = new ArrayList<>();
        for (String spec : specs) {
            if (spec.startsWith("provider:")) {
                providers.add(KeyProvider.of(spec.substring("provider:".length()), env));
                continue;
            }
            String path = spec;
            String password = null;
            int colon = spec.indexOf(':');
            if (colon > 0 && !Files.exists(Path.of(spec))) {
                path = spec.substring(0, colon);
                password = password(spec, spec.substring(colon + 1));
            }
            byte[] data;
            try {
                data = dev.skiff.io.BoundedRead.readAll(Files.newInputStream(Path.of(path)), 1 << 20, "key " + path);
            } catch (IOException e) {
                throw new SkiffException(
                        "cannot read decryption key " + path + ": " + e.getMessage(),
                        Hint.DECRYPTION_KEY_NEEDED,
                        path,
                        dev.skiff.Side.UNKNOWN,
                        null);
            }
            PrivateKey key;
            try {
                key = KeyFiles.privateKey(data, password == null ? null : password.toCharArray());
            } catch (KeyFiles.PasswordException e) {
                throw new SkiffException(
                        "decryption key " + path + " cannot be used: " + e.getMessage() + " (give it as " + path
                                + ":PASSWORD)",
                        Hint.DECRYPTION_KEY_NEEDED,
                        path,
                        dev.skiff.Side.UNKNOWN,
                        null);
            }
            if (key != null) {
                keys.add(key);
                continue;
            }
            PGPSecretKeyRingCollection rings = Pgp.secretRings(data);
            if (rings != null) {
                pgp.add(new Pgp.SecretRing(rings, password == null ? null : password.toCharArray()));
                continue;
            }
            if (KeyFiles.certificate(data) != null) {
                continue; // ocicrypt's pkcs7 wants the recipient's certificate beside the key; CMS here does not
            }
            throw new SkiffException(
                    "decryption key " + path
                            + " is not a private key (PEM, DER or JWK), an OpenPGP secret keyring or an x509 certificate",
                    Hint.DECRYPTION_KEY_NEEDED,
                    path,
                    dev.skiff.Side.UNKNOWN,
                    null);
        }
        return new DecryptionKeys(List.copyOf(keys), List.copyOf(pgp), List.copyOf(providers));
    }

    private static String password(String spec, String form) {
        if (form.startsWith("pass=")) {
            return form.substring(5);
        }
        if (form.startsWith("file=")) {
            try {
                return Files.readString(Path.of(form.substring(5)), StandardCharsets.UTF_8)
                        .stripTrailing();
            } catch (IOException e) {
                throw new SkiffException("cannot read the password file " + form.substring(5) + ": " + e.getMessage());
            }
        }
        if (form.startsWith("fd=")) {
            throw new SkiffException("decryption key \"" + spec.substring(0, spec.indexOf(':'))
                    + "\": a password from a file descriptor (fd=) is not supported; use file=PATH or pass=PASSWORD");
        }
        return form;
    }
}
