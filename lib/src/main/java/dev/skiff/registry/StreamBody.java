package dev.skiff.registry;

import dev.skiff.io.BlobVerificationException;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.RequestBody;
import okio.BufferedSink;

/**
 * Streams an upload from an InputStream without buffering it whole. The last chunk read is held
 * back until the stream reports EOF (when a verifying stream checks size and digest), so a blob
 * that fails verification is never completely sent. One-shot: it cannot be replayed. A size of -1
 * (a blob rewritten on the way, digest known only at its end) is sent chunked, and {@link #total}
 * records how many bytes went.
 */
final class StreamBody extends RequestBody {
    static final okhttp3.MediaType OCTET_STREAM = okhttp3.MediaType.get("application/octet-stream");

    private final InputStream in;
    private final long size;
    volatile IOException failure;
    /** Bytes sent, set once the whole body is written (the blob's size when it was unknown). */
    volatile long total;

    StreamBody(InputStream in, long size) {
        this.in = in;
        this.size = size;
    }

    @Override
    public okhttp3.MediaType contentType() {
        return OCTET_STREAM;
    }

    @Override
    public long contentLength() {
        return size;
    }

    @Override
    public boolean isOneShot() {
        return true;
    }

    @Override
    public void writeTo(BufferedSink sink) throws IOException {
        byte[] pending = new byte[65536];
        byte[] buffer = new byte[65536];
        int pendingLength = 0;
        long total = 0;
        try {
            int n;
            while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                if (n == 0) {
                    continue;
                }
                total += n;
                if (size >= 0 && total > size) {
                    throw new BlobVerificationException("blob stream is longer than its declared size " + size);
                }
                if (pendingLength > 0) {
                    sink.write(pending, 0, pendingLength);
                }
                byte[] swap = pending;
                pending = buffer;
                buffer = swap;
                pendingLength = n;
            }
            if (size >= 0 && total != size) {
                throw new BlobVerificationException("blob stream ended after " + total + " of " + size + " bytes");
            }
            this.total = total;
            if (pendingLength > 0) {
                sink.write(pending, 0, pendingLength);
            }
        } catch (IOException e) {
            failure = e;
            throw e;
        }
    }
}
