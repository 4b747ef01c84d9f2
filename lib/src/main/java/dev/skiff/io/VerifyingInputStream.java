package dev.skiff.io;

import dev.skiff.model.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Passes a blob's bytes through while hashing them: reading past the descriptor's size fails at
 * once, and reaching the end checks size and digest (ggcr {@code internal/verify}). A consumer
 * that reads to EOF without an exception has exactly the promised bytes.
 */
public final class VerifyingInputStream extends FilterInputStream {
    private final Descriptor expected;
    private final MessageDigest hasher;
    private long count;
    private boolean verified;

    public VerifyingInputStream(InputStream in, Descriptor expected) {
        super(in);
        this.expected = expected;
        this.hasher = expected.digest().newHasher();
    }

    @Override
    public int read() throws IOException {
        return SingleByteRead.read(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0) {
            verifyAtEnd();
            return -1;
        }
        count += n;
        if (count > expected.size()) {
            throw new BlobVerificationException("blob " + expected.digest() + " is larger than its declared size "
                    + expected.size() + " (read " + count + " bytes so far)");
        }
        hasher.update(b, off, n);
        return n;
    }

    private void verifyAtEnd() throws BlobVerificationException {
        if (verified) {
            return;
        }
        if (count != expected.size()) {
            throw new BlobVerificationException("blob " + expected.digest() + " is truncated: expected "
                    + expected.size() + " bytes, got " + count);
        }
        byte[] actual = hasher.digest();
        if (!expected.digest().matches(actual)) {
            throw new BlobVerificationException("blob content does not match its digest: expected " + expected.digest()
                    + ", got " + expected.digest().withHash(actual));
        }
        verified = true;
    }

    @Override
    public long skip(long n) throws IOException {
        // Skipping would leave bytes unhashed; read them instead.
        byte[] buffer = new byte[8192];
        long skipped = 0;
        while (skipped < n) {
            int r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped));
            if (r < 0) {
                break;
            }
            skipped += r;
        }
        return skipped;
    }

    @Override
    public boolean markSupported() {
        return false;
    }

    public long bytesRead() {
        return count;
    }
}
