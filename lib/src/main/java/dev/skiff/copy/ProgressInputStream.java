package dev.skiff.copy;

import dev.skiff.model.Descriptor;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reports bytes read to a listener, at most every 256 KiB so progress costs nothing measurable,
 * and once more when the blob's last byte is read (a reader that stops at the size, never asking
 * for EOF, still shows the blob whole).
 */
final class ProgressInputStream extends FilterInputStream {
    private static final long STEP = 256 * 1024;
    private final Descriptor blob;
    private final CopyListener listener;
    private long count;
    private long reported;

    ProgressInputStream(InputStream in, Descriptor blob, CopyListener listener) {
        super(in);
        this.blob = blob;
        this.listener = listener;
    }

    @Override
    public int read() throws IOException {
        int b = in.read();
        if (b >= 0) {
            advance(1);
        }
        return b;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        int n = in.read(b, off, len);
        if (n > 0) {
            advance(n);
        } else if (n < 0 && reported != count) {
            reported = count;
            listener.blobProgress(blob, count);
        }
        return n;
    }

    private void advance(int n) {
        count += n;
        if (count - reported >= STEP || count == blob.size()) {
            reported = count;
            listener.blobProgress(blob, count);
        }
    }
}
