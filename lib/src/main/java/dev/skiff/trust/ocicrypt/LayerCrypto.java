package dev.skiff.trust.ocicrypt;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What a copy does about ocicrypt encryption: the recipients new layers are encrypted for, which
 * layers (indexes, negative from the end; all when none are named), and the keys that may
 * decrypt encrypted layers. The copy engine asks it, while planning, for each layer's
 * {@link LayerCipher}; keys are wrapped and unwrapped there, so a wrong key, a missing one or a
 * failing key provider stops the copy before anything is written.
 */
public final class LayerCrypto {
    public static final LayerCrypto NONE = new LayerCrypto(Recipients.NONE, List.of(), DecryptionKeys.NONE);

    private final Recipients recipients;
    private final List<Integer> layers;
    private final DecryptionKeys keys;

    private LayerCrypto(Recipients recipients, List<Integer> layers, DecryptionKeys keys) {
        this.recipients = recipients;
        this.layers = List.copyOf(layers);
        this.keys = keys;
    }

    /**
     * Reads and checks every key: {@code encryptionKeys} as skopeo's {@code PROTOCOL:KEY},
     * {@code decryptionKeys} as its {@code KEY[:PASSWORD]} or {@code provider:NAME}.
     */
    public static LayerCrypto of(
            List<String> encryptionKeys, List<Integer> encryptLayers, List<String> decryptionKeys) {
        return of(encryptionKeys, encryptLayers, decryptionKeys, System.getenv());
    }

    public static LayerCrypto of(
            List<String> encryptionKeys,
            List<Integer> encryptLayers,
            List<String> decryptionKeys,
            Map<String, String> env) {
        List<String> enc = encryptionKeys == null ? List.of() : encryptionKeys;
        List<Integer> which = encryptLayers == null ? List.of() : encryptLayers;
        List<String> dec = decryptionKeys == null ? List.of() : decryptionKeys;
        if (enc.isEmpty() && dec.isEmpty() && which.isEmpty()) {
            return NONE;
        }
        if (enc.isEmpty() && !which.isEmpty()) {
            throw new SkiffException("layers to encrypt were named, but no encryption key");
        }
        return new LayerCrypto(Recipients.parse(enc, env), which, DecryptionKeys.parse(dec, env));
    }

    public boolean encrypts() {
        return !recipients.isEmpty();
    }

    public boolean decrypts() {
        return !keys.isEmpty();
    }

    public boolean isNone() {
        return !encrypts() && !decrypts();
    }

    /** Whether layer {@code index} of {@code count} is to be encrypted. */
    public boolean encryptsLayer(int index, int count) {
        if (!encrypts()) {
            return false;
        }
        if (layers.isEmpty()) {
            return true;
        }
        for (int i : layers) {
            if (i == index || (i < 0 && count + i == index)) {
                return true;
            }
        }
        return false;
    }

    /** Layer indexes named that the image has not, for an error before anything is written. */
    public List<Integer> missingLayers(int count) {
        return layers.stream().filter(i -> i >= count || i < -count).toList();
    }

    /** A fresh key for {@code layer}, wrapped for every recipient (key providers are asked here). */
    public LayerCipher encryptor(Descriptor layer) {
        CipherOptions options = CipherOptions.generate(layer.digest());
        byte[] opts = options.privateJson();
        Map<String, String> annotations = new LinkedHashMap<>();
        if (!recipients.jwe().isEmpty()) {
            annotations.put(OciCrypt.KEYS_JWE, b64(Jwe.wrap(recipients.jwe(), opts)));
        }
        if (!recipients.pkcs7().isEmpty()) {
            annotations.put(OciCrypt.KEYS_PKCS7, b64(Pkcs7.wrap(recipients.pkcs7(), opts)));
        }
        if (!recipients.pgp().isEmpty()) {
            annotations.put(OciCrypt.KEYS_PGP, b64(Pgp.wrap(recipients.pgp(), opts)));
        }
        Map<String, List<String>> byProvider = new LinkedHashMap<>();
        for (KeyProvider p : recipients.providers()) {
            byProvider.computeIfAbsent(p.annotation(), k -> new ArrayList<>()).add(b64(p.wrap(opts)));
        }
        byProvider.forEach((k, v) -> annotations.put(k, String.join(",", v)));
        return new LayerCipher(true, options, annotations);
    }

    /**
     * The key of encrypted {@code layer} unwrapped with one of the decryption keys; {@code where}
     * names the image for messages. Fails (hint {@link Hint#DECRYPTION_KEY_NEEDED}) when no key given
     * fits a scheme the layer uses, or none of them opens it.
     */
    public LayerCipher decryptor(Descriptor layer, String where) {
        Map<String, String> a = layer.annotations();
        String name = layer.digest() + " of " + where;
        List<String> problems = new ArrayList<>();
        boolean tried = false;
        for (Map.Entry<String, String> e : a.entrySet()) {
            String scheme = e.getKey();
            if (!scheme.startsWith(OciCrypt.PREFIX + "keys.") || e.getValue().isEmpty()) {
                continue;
            }
            for (String b64 : e.getValue().split(",")) {
                byte[] packet;
                try {
                    packet = Base64.getDecoder().decode(b64.trim());
                } catch (IllegalArgumentException bad) {
                    problems.add(scheme + ": not base64");
                    continue;
                }
                byte[] opts = null;
                try {
                    if (scheme.equals(OciCrypt.KEYS_JWE) && !keys.privateKeys().isEmpty()) {
                        tried = true;
                        opts = Jwe.unwrap(keys.privateKeys(), packet);
                    } else if (scheme.equals(OciCrypt.KEYS_PKCS7)
                            && !keys.privateKeys().isEmpty()) {
                        tried = true;
                        opts = Pkcs7.unwrap(keys.privateKeys(), packet);
                    } else if (scheme.equals(OciCrypt.KEYS_PGP) && !keys.pgp().isEmpty()) {
                        tried = true;
                        opts = Pgp.unwrap(keys.pgp(), packet);
                    } else if (scheme.startsWith(OciCrypt.KEYS_PROVIDER)) {
                        for (KeyProvider p : keys.providers()) {
                            if (p.annotation().equals(scheme)) {
                                tried = true;
                                opts = p.unwrap(packet);
                            }
                        }
                    }
                } catch (KeyFiles.PasswordException pw) {
                    throw new SkiffException(
                            "cannot decrypt layer " + name + ": " + pw.getMessage(),
                            Hint.DECRYPTION_KEY_NEEDED,
                            null,
                            Side.SOURCE,
                            null);
                } catch (IllegalArgumentException | dev.skiff.model.InvalidManifestException bad) {
                    problems.add(bad.getMessage());
                }
                if (opts != null) {
                    return new LayerCipher(false, CipherOptions.parse(opts, a.get(OciCrypt.PUBOPTS), name), Map.of());
                }
            }
        }
        String schemes = OciCrypt.schemes(a);
        if (!tried) {
            throw new SkiffException(
                    "layer " + name + " is encrypted (for " + schemes + ") and no decryption key given is of that kind",
                    Hint.DECRYPTION_KEY_NEEDED,
                    null,
                    Side.SOURCE,
                    null);
        }
        throw new SkiffException(
                "none of the decryption keys opens layer " + name + " (it is encrypted for " + schemes + ")"
                        + (problems.isEmpty() ? "" : ": " + String.join("; ", problems)),
                Hint.DECRYPTION_KEY_NEEDED,
                null,
                Side.SOURCE,
                null);
    }

    private static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }
}
