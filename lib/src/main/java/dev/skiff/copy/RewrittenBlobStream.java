package dev.skiff.copy;

import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * The end of a rewriting chain (source → verify → gzip → this). At the rewritten stream's end it
 * first reads the verified source to its end, so a source blob with a wrong digest fails here,
 * before the consumer sees EOF, and the destination publishes nothing.
 */
final class RewrittenBlobStream extends FilterInputStream {
    private final InputStream verifiedSource;
    private boolean checked;

    RewrittenBlobStream(InputStream rewritten, InputStream verifiedSource) {
        super(rewritten);
        this.verifiedSource = verifiedSource;
    }

    @Override
    public int read() throws IOException {
        return dev.skiff.io.SingleByteRead.read(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n < 0 && !checked) {
            checked = true;
            verifiedSource.transferTo(java.io.OutputStream.nullOutputStream());
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
