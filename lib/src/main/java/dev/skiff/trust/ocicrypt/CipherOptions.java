package dev.skiff.trust.ocicrypt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.model.Json;
import dev.skiff.name.Digest;
import java.nio.charset.StandardCharsets;
import java.security.SecureRandom;
import java.util.Base64;

/**
 * One layer's AES-256-CTR key, nonce and plaintext digest (ocicrypt's private options, what each
 * recipient's key wraps) and the HMAC-SHA256 of the ciphertext (the public options, in the
 * {@code pubopts} annotation). JSON as Go's encoding/json writes ocicrypt's structs: byte slices
 * as standard base64, fields {@code symkey}, {@code digest}, {@code cipheroptions.nonce} and
 * {@code cipher}, {@code hmac}, {@code cipheroptions}.
 */
public record CipherOptions(byte[] symKey, byte[] nonce, Digest digest, byte[] hmac) {
    private static final SecureRandom RANDOM = new SecureRandom();

    /** A fresh random key and nonce for a layer whose plaintext has {@code digest}. */
    public static CipherOptions generate(Digest digest) {
        byte[] key = new byte[32];
        byte[] nonce = new byte[16];
        RANDOM.nextBytes(key);
        RANDOM.nextBytes(nonce);
        return new CipherOptions(key, nonce, digest, null);
    }

    public CipherOptions withHmac(byte[] value) {
        return new CipherOptions(symKey, nonce, digest, value);
    }

    /** What the recipients' keys wrap. */
    public byte[] privateJson() {
        ObjectNode n = Json.object();
        n.put("symkey", b64(symKey));
        n.put("digest", digest.toString());
        n.putObject("cipheroptions").put("nonce", b64(nonce));
        return Json.bytes(n);
    }

    /** The {@code pubopts} annotation's JSON. */
    public byte[] publicJson() {
        ObjectNode n = Json.object();
        n.put("cipher", OciCrypt.CIPHER);
        n.put("hmac", b64(hmac));
        n.putObject("cipheroptions");
        return Json.bytes(n);
    }

    /** Reads unwrapped private options and the layer's pubopts annotation (base64 JSON). */
    public static CipherOptions parse(byte[] privateJson, String pubopts, String layer) {
        try {
            JsonNode priv = Json.parse(privateJson, "the unwrapped key options of layer " + layer);
            JsonNode pub = pubopts == null || pubopts.isEmpty()
                    ? Json.object()
                    : Json.parse(Base64.getDecoder().decode(pubopts), "the pubopts annotation of layer " + layer);
            String cipher = pub.path("cipher").asText("");
            if (!OciCrypt.CIPHER.equals(cipher)) {
                throw new IllegalArgumentException(
                        "cipher \"" + cipher + "\" is not supported (only " + OciCrypt.CIPHER + ")");
            }
            byte[] key = unb64(priv.path("symkey").asText(""));
            if (key.length != 32) {
                throw new IllegalArgumentException("the layer key has " + key.length + " bytes, not 32");
            }
            byte[] nonce = unb64(priv.path("cipheroptions").path("nonce").asText(""));
            if (nonce.length != 16) {
                throw new IllegalArgumentException("the nonce has " + nonce.length + " bytes, not 16");
            }
            byte[] hmac = unb64(pub.path("hmac").asText(""));
            if (hmac.length == 0) {
                throw new IllegalArgumentException("no HMAC in the pubopts annotation");
            }
            String digest = priv.path("digest").asText("");
            if (!Digest.isValid(digest)) {
                throw new IllegalArgumentException("the recorded plaintext digest \"" + digest + "\" is not a digest");
            }
            return new CipherOptions(key, nonce, Digest.parse(digest), hmac);
        } catch (IllegalArgumentException | dev.skiff.model.InvalidManifestException e) {
            throw new dev.skiff.SkiffException(
                    "cannot read the encryption options of layer " + layer + ": " + e.getMessage());
        }
    }

    static String b64(byte[] bytes) {
        return Base64.getEncoder().encodeToString(bytes);
    }

    static byte[] unb64(String text) {
        return Base64.getDecoder().decode(text.getBytes(StandardCharsets.US_ASCII));
    }
}
