package dev.skiff.trust.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.model.Json;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.Set;
import org.bouncycastle.crypto.generators.SCrypt;

/**
 * go-securesystemslib's {@code encrypted} format, which cosign and containers/image put inside the
 * "ENCRYPTED SIGSTORE/COSIGN PRIVATE KEY" PEM block: a JSON object naming the key derivation
 * (scrypt, with its parameters and salt), the cipher (NaCl secretbox, with its nonce) and the
 * ciphertext, the byte strings in standard base64 as Go's {@code encoding/json} writes {@code []byte}.
 */
public final class PassphraseEncryption {
    static final String KDF_NAME = "scrypt";
    static final String CIPHER_NAME = "nacl/secretbox";

    /**
     * N=2^15, r=8, p=1: the parameters cosign and skopeo used when their key format was set, and the
     * only ones the readers of that time accept (newer readers accept them too).
     */
    static final ScryptParams WRITTEN = new ScryptParams(32768, 8, 1);

    /**
     * What a reader accepts, as go-securesystemslib's {@code CheckParams}: a file may not choose its
     * own cost, or a hostile key file could make the reader spend minutes and gigabytes.
     */
    static final Set<ScryptParams> ACCEPTED =
            Set.of(WRITTEN, new ScryptParams(65536, 8, 1), new ScryptParams(131072, 8, 1));

    private static final int SALT_SIZE = 32;
    private static final SecureRandom RANDOM = new SecureRandom();

    record ScryptParams(int n, int r, int p) {}

    private PassphraseEncryption() {}

    public static byte[] encrypt(byte[] plaintext, byte[] passphrase) {
        byte[] salt = random(SALT_SIZE);
        byte[] nonce = random(SecretBox.NONCE_SIZE);
        byte[] box = SecretBox.seal(plaintext, nonce, key(passphrase, salt, WRITTEN));
        Base64.Encoder b64 = Base64.getEncoder();
        ObjectNode json = Json.object();
        ObjectNode kdf = json.putObject("kdf");
        kdf.put("name", KDF_NAME);
        ObjectNode params = kdf.putObject("params");
        params.put("N", WRITTEN.n());
        params.put("r", WRITTEN.r());
        params.put("p", WRITTEN.p());
        kdf.put("salt", b64.encodeToString(salt));
        ObjectNode cipher = json.putObject("cipher");
        cipher.put("name", CIPHER_NAME);
        cipher.put("nonce", b64.encodeToString(nonce));
        json.put("ciphertext", b64.encodeToString(box));
        return Json.bytes(json);
    }

    /**
     * The plaintext; a wrong passphrase and an altered file are the same failure (the box does not
     * open), as they are for cosign. {@code what} names the input in errors.
     */
    public static byte[] decrypt(byte[] encrypted, byte[] passphrase, String what) {
        JsonNode json = Json.parse(encrypted, what);
        JsonNode kdf = json.path("kdf");
        JsonNode cipher = json.path("cipher");
        if (!KDF_NAME.equals(kdf.path("name").asText())) {
            throw new SkiffException(
                    what + ": unknown key derivation \"" + kdf.path("name").asText() + "\"");
        }
        if (!CIPHER_NAME.equals(cipher.path("name").asText())) {
            throw new SkiffException(
                    what + ": unknown cipher \"" + cipher.path("name").asText() + "\"");
        }
        JsonNode p = kdf.path("params");
        ScryptParams params = new ScryptParams(
                p.path("N").asInt(), p.path("r").asInt(), p.path("p").asInt());
        if (!ACCEPTED.contains(params)) {
            throw new SkiffException(
                    what + ": unsupported scrypt parameters N=" + params.n() + " r=" + params.r() + " p=" + params.p());
        }
        byte[] salt = base64(kdf.path("salt"), what, "kdf.salt");
        byte[] nonce = base64(cipher.path("nonce"), what, "cipher.nonce");
        byte[] box = base64(json.path("ciphertext"), what, "ciphertext");
        if (nonce.length != SecretBox.NONCE_SIZE) {
            throw new SkiffException(what + ": the nonce is " + nonce.length + " bytes, not " + SecretBox.NONCE_SIZE);
        }
        byte[] plaintext = SecretBox.open(box, nonce, key(passphrase, salt, params));
        if (plaintext == null) {
            throw new SkiffException(what + " could not be decrypted: wrong passphrase, or the file was altered");
        }
        return plaintext;
    }

    private static byte[] key(byte[] passphrase, byte[] salt, ScryptParams params) {
        return SCrypt.generate(passphrase, salt, params.n(), params.r(), params.p(), SecretBox.KEY_SIZE);
    }

    private static byte[] base64(JsonNode node, String what, String field) {
        if (!node.isTextual()) {
            throw new SkiffException(what + ": field " + field + " is missing");
        }
        try {
            return Base64.getDecoder().decode(node.asText());
        } catch (IllegalArgumentException e) {
            throw new SkiffException(what + ": field " + field + " is not base64");
        }
    }

    private static byte[] random(int size) {
        byte[] bytes = new byte[size];
        RANDOM.nextBytes(bytes);
        return bytes;
    }
}
