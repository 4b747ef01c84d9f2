package dev.skiff.trust.sigstore;

import java.security.MessageDigest;
import java.util.Arrays;
import org.bouncycastle.crypto.engines.XSalsa20Engine;
import org.bouncycastle.crypto.macs.Poly1305;
import org.bouncycastle.crypto.params.KeyParameter;
import org.bouncycastle.crypto.params.ParametersWithIV;

/**
 * NaCl's {@code crypto_secretbox} (XSalsa20-Poly1305), the cipher of the encrypted private keys
 * cosign and skopeo write: the first 32 bytes of the XSalsa20 key stream are the one-time
 * Poly1305 key, the rest encrypts the message, and the box is {@code tag(16) || ciphertext} —
 * the layout of Go's {@code secretbox.Seal} and libsodium's {@code crypto_secretbox_easy}.
 */
public final class SecretBox {
    public static final int KEY_SIZE = 32;
    public static final int NONCE_SIZE = 24;
    public static final int TAG_SIZE = 16;

    private SecretBox() {}

    public static byte[] seal(byte[] message, byte[] nonce, byte[] key) {
        XSalsa20Engine stream = stream(nonce, key);
        byte[] macKey = oneTimeKey(stream);
        byte[] box = new byte[TAG_SIZE + message.length];
        stream.processBytes(message, 0, message.length, box, TAG_SIZE);
        byte[] tag = poly1305(macKey, box, TAG_SIZE, message.length);
        System.arraycopy(tag, 0, box, 0, TAG_SIZE);
        return box;
    }

    /** The message, or null when the box was not sealed with this key and nonce (or was altered). */
    public static byte[] open(byte[] box, byte[] nonce, byte[] key) {
        if (box.length < TAG_SIZE) {
            return null;
        }
        XSalsa20Engine stream = stream(nonce, key);
        byte[] macKey = oneTimeKey(stream);
        byte[] expected = poly1305(macKey, box, TAG_SIZE, box.length - TAG_SIZE);
        // Constant time: a timing difference would tell an attacker how much of a forged tag was right.
        if (!MessageDigest.isEqual(expected, Arrays.copyOf(box, TAG_SIZE))) {
            return null;
        }
        byte[] message = new byte[box.length - TAG_SIZE];
        stream.processBytes(box, TAG_SIZE, message.length, message, 0);
        return message;
    }

    private static XSalsa20Engine stream(byte[] nonce, byte[] key) {
        if (key.length != KEY_SIZE || nonce.length != NONCE_SIZE) {
            throw new IllegalArgumentException("secretbox takes a 32-byte key and a 24-byte nonce");
        }
        XSalsa20Engine engine = new XSalsa20Engine();
        engine.init(true, new ParametersWithIV(new KeyParameter(key), nonce));
        return engine;
    }

    /** The first 32 key-stream bytes; the engine keeps its position, so the message starts at byte 32. */
    private static byte[] oneTimeKey(XSalsa20Engine stream) {
        byte[] macKey = new byte[32];
        stream.processBytes(new byte[32], 0, 32, macKey, 0);
        return macKey;
    }

    private static byte[] poly1305(byte[] macKey, byte[] data, int offset, int length) {
        Poly1305 mac = new Poly1305(); // no block cipher: the raw one-time authenticator NaCl uses
        mac.init(new KeyParameter(macKey));
        mac.update(data, offset, length);
        byte[] tag = new byte[TAG_SIZE];
        mac.doFinal(tag, 0);
        return tag;
    }
}
