package dev.skiff.trust.ocicrypt;

import com.nimbusds.jose.jwk.JWK;
import dev.skiff.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.bouncycastle.openpgp.PGPPublicKey;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;

/**
 * Who an encrypted layer is for, from skopeo's {@code PROTOCOL:KEY} strings: {@code jwe:PUBKEY}
 * (PEM, DER or JWK), {@code pkcs7:CERT} (x509, PEM or DER), {@code pgp:NAME-OR-EMAIL} (found in
 * GnuPG's public keyring, {@code $GNUPGHOME} or {@code ~/.gnupg}; or {@code pgp:FILE}, an exported
 * public key) and {@code provider:NAME[:PARAM]} (a key provider). Every key is read and checked
 * here, before a copy writes anything.
 */
record Recipients(List<JWK> jwe, List<X509Certificate> pkcs7, List<PGPPublicKey> pgp, List<KeyProvider> providers) {
    static final Recipients NONE = new Recipients(List.of(), List.of(), List.of(), List.of());

    boolean isEmpty() {
        return jwe.isEmpty() && pkcs7.isEmpty() && pgp.isEmpty() && providers.isEmpty();
    }

    static Recipients parse(List<String> specs, Map<String, String> env) {
        List<JWK> jwe = new ArrayList<>();
        List<X509Certificate> pkcs7 = new ArrayList<>();
        List<PGPPublicKey> pgp = new ArrayList<>();
        List<KeyProvider> providers = new ArrayList<>();
        PGPPublicKeyRingCollection gnupg = null;
        for (String spec : specs) {
            int colon = spec.indexOf(':');
            if (colon < 0) {
                throw invalid(spec, "it is not PROTOCOL:KEY (jwe, pgp, pkcs7 or provider)");
            }
            String protocol = spec.substring(0, colon);
            String value = spec.substring(colon + 1);
            switch (protocol) {
                case "jwe" -> {
                    JWK key;
                    try {
                        key = Jwe.recipient(read(spec, value));
                    } catch (IllegalArgumentException e) {
                        throw invalid(spec, e.getMessage());
                    }
                    if (key == null) {
                        throw invalid(spec, value + " is not a public key (PEM, DER or JWK)");
                    }
                    jwe.add(key);
                }
                case "pkcs7" -> {
                    X509Certificate cert = KeyFiles.certificate(read(spec, value));
                    if (cert == null) {
                        throw invalid(spec, value + " is not an x509 certificate (PEM or DER)");
                    }
                    pkcs7.add(cert);
                }
                case "pgp" -> {
                    PGPPublicKey key;
                    Path file = Path.of(value.isEmpty() ? "." : value);
                    if (!value.isEmpty() && Files.isRegularFile(file)) {
                        PGPPublicKeyRingCollection rings = Pgp.publicRings(read(spec, value));
                        if (rings == null) {
                            throw invalid(spec, value + " holds no OpenPGP public key");
                        }
                        key = rings.getKeyRings().hasNext() ? firstEncryptionKey(rings) : null;
                    } else {
                        if (gnupg == null) {
                            gnupg = GnuPg.publicKeyring(env);
                        }
                        key = Pgp.find(gnupg, value);
                        if (key == null) {
                            throw invalid(
                                    spec,
                                    "no OpenPGP key with an encryption key for \"" + value + "\" in the GnuPG keyring "
                                            + GnuPg.home(env));
                        }
                    }
                    if (key == null) {
                        throw invalid(spec, value + " holds no OpenPGP encryption key");
                    }
                    pgp.add(key);
                }
                case "provider" -> providers.add(KeyProvider.of(value, env));
                default ->
                    throw invalid(spec, "unknown protocol \"" + protocol + "\" (use jwe, pgp, pkcs7 or provider)");
            }
        }
        return new Recipients(List.copyOf(jwe), List.copyOf(pkcs7), List.copyOf(pgp), List.copyOf(providers));
    }

    private static PGPPublicKey firstEncryptionKey(PGPPublicKeyRingCollection rings) {
        for (var ring : rings) {
            PGPPublicKey chosen = null;
            for (PGPPublicKey k : ring) {
                if (k.isEncryptionKey() && !k.hasRevocation()) {
                    chosen = k;
                }
            }
            if (chosen != null) {
                return chosen;
            }
        }
        return null;
    }

    private static byte[] read(String spec, String path) {
        try {
            return dev.skiff.io.BoundedRead.readAll(Files.newInputStream(Path.of(path)), 1 << 20, "key file " + path);
        } catch (IOException e) {
            throw invalid(spec, "cannot read " + path + ": " + e.getMessage());
        }
    }

    private static SkiffException invalid(String spec, String why) {
        return new SkiffException("encryption key \"" + spec + "\": " + why);
    }
}
