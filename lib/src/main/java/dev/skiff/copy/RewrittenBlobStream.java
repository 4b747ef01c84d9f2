package dev.skiff.copy;

import dev.skiff.io.BlobVerificationException;
import dev.skiff.name.Digest;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * The end of a rewriting chain (source → verify → gzip or gunzip → this). At the rewritten
 * stream's end it first reads the verified source to its end, so a source blob with a wrong digest
 * fails here, and, when an expected digest is given (a decompressed layer must hash to its
 * diff_id), checks the rewritten bytes against it. Either failure comes before the consumer sees
 * EOF, so the destination publishes nothing.
 */
final class RewrittenBlobStream extends FilterInputStream {
    private final InputStream verifiedSource;
    private final Digest expected;
    private final MessageDigest hasher;
    private boolean checked;

    RewrittenBlobStream(InputStream rewritten, InputStream verifiedSource, Digest expected) {
        super(rewritten);
        this.verifiedSource = verifiedSource;
        this.expected = expected;
        this.hasher = expected == null ? null : expected.newHasher();
    }

    @Override
    public int read() throws IOException {
        return dev.skiff.io.SingleByteRead.read(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0 && hasher != null) {
            hasher.update(b, off, n);
        }
        if (n < 0 && !checked) {
            checked = true;
            verifiedSource.transferTo(java.io.OutputStream.nullOutputStream());
            if (hasher != null) {
                Digest actual = expected.withHash(hasher.digest());
                if (!actual.equals(expected)) {
                    throw new BlobVerificationException("the decompressed layer hashes to " + actual
                            + " but the image config lists diff_id " + expected);
                }
            }
        }
        return n;
    }

    @Override
    public long skip(long n) throws IOException {
        throw new IOException("a rewritten blob cannot be skipped");
    }

    @Override
    public boolean markSupported() {
        return false;
    }
}
