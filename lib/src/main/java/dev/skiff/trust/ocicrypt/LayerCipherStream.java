package dev.skiff.trust.ocicrypt;

import dev.skiff.io.BlobVerificationException;
import dev.skiff.name.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import javax.crypto.Cipher;
import javax.crypto.Mac;
import javax.crypto.spec.IvParameterSpec;
import javax.crypto.spec.SecretKeySpec;

/**
 * A layer's bytes through AES-256-CTR with an HMAC-SHA256 of the ciphertext (ocicrypt's
 * {@code AES_256_CTR_HMAC_SHA256}: encrypt-then-MAC, the layer key is also the HMAC key). It
 * streams: memory stays one buffer whatever the layer's size. Encrypting, {@link #hmac()} is the
 * tag once the end is reached. Decrypting, the end of the stream is reported only after the HMAC
 * and the plaintext digest recorded in the wrapped options both match; otherwise reading the end
 * fails, so a destination that publishes at EOF publishes nothing.
 */
public final class LayerCipherStream extends FilterInputStream {
    private final boolean encrypt;
    private final Cipher cipher;
    private final Mac mac;
    private final CipherOptions options;
    private final MessageDigest plainHash;
    private final String layer;
    private byte[] hmac;
    private boolean done;

    private LayerCipherStream(InputStream in, CipherOptions options, boolean encrypt, String layer) {
        super(in);
        this.encrypt = encrypt;
        this.options = options;
        this.layer = layer;
        try {
            cipher = Cipher.getInstance("AES/CTR/NoPadding");
            cipher.init(
                    encrypt ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
                    new SecretKeySpec(options.symKey(), "AES"),
                    new IvParameterSpec(options.nonce()));
            mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(options.symKey(), "HmacSHA256"));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("AES-256-CTR or HMAC-SHA256 is not available: " + e, e);
        }
        this.plainHash = encrypt ? null : options.digest().newHasher();
    }

    /** {@code plain} encrypted with {@code options}' key and nonce. */
    public static LayerCipherStream encrypting(InputStream plain, CipherOptions options) {
        return new LayerCipherStream(plain, options, true, null);
    }

    /** {@code ciphertext} decrypted, checked at its end against the HMAC and the recorded digest. */
    public static LayerCipherStream decrypting(InputStream ciphertext, CipherOptions options, String layer) {
        return new LayerCipherStream(ciphertext, options, false, layer);
    }

    /** The ciphertext's HMAC, once an encrypting stream reached its end. */
    public byte[] hmac() {
        if (hmac == null) {
            throw new IllegalStateException("the layer was not read to its end");
        }
        return hmac.clone();
    }

    @Override
    public int read() throws IOException {
        return dev.skiff.io.SingleByteRead.read(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (done) {
            return -1;
        }
        int n = in.read(b, off, len);
        if (n < 0) {
            finish();
            return -1;
        }
        if (n == 0) {
            return 0;
        }
        if (!encrypt) {
            mac.update(b, off, n);
        }
        int out;
        try {
            out = cipher.update(b, off, n, b, off);
        } catch (javax.crypto.ShortBufferException e) {
            throw new IOException(e);
        }
        if (out != n) {
            throw new IOException("AES-CTR returned " + out + " bytes for " + n);
        }
        if (encrypt) {
            mac.update(b, off, n);
        } else {
            plainHash.update(b, off, n);
        }
        return n;
    }

    private void finish() throws BlobVerificationException {
        done = true;
        byte[] tag = mac.doFinal();
        if (encrypt) {
            hmac = tag;
            return;
        }
        if (!MessageDigest.isEqual(tag, options.hmac())) {
            throw new BlobVerificationException("encrypted layer " + layer
                    + " failed its HMAC check: the ciphertext is truncated or was tampered with");
        }
        Digest actual = options.digest().withHash(plainHash.digest());
        if (!actual.equals(options.digest())) {
            throw new BlobVerificationException("decrypted layer " + layer + " does not match the digest recorded"
                    + " when it was encrypted: expected " + options.digest() + ", got " + actual);
        }
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("an encrypted layer stream cannot be skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    @Override
    public int available() {
        return 0;
    }
}
