package dev.skiff.copy;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;

/**
 * Reads what an encoder that writes to an {@link OutputStream} (zstd-jni's compressor) makes of a
 * stream: the input is pushed through it a chunk at a time as this is read, so no thread and no
 * temp file is needed and at most one chunk's output is held.
 */
final class PushedInputStream extends InputStream {
    /** Makes the encoder around the sink it writes into. */
    @FunctionalInterface
    interface Encoder {
        OutputStream around(OutputStream sink) throws IOException;
    }

    private static final int CHUNK = 64 * 1024;

    private final InputStream in;
    private final Buffer produced = new Buffer();
    private final OutputStream encoder;
    private final byte[] chunk = new byte[CHUNK];
    private int pos;
    private boolean finished;

    PushedInputStream(InputStream in, Encoder encoder) throws IOException {
        this.in = in;
        this.encoder = encoder.around(produced);
    }

    @Override
    public int read() throws IOException {
        return dev.skiff.io.SingleByteRead.read(this);
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        if (len == 0) {
            return 0;
        }
        while (pos == produced.size()) {
            if (finished) {
                return -1;
            }
            produced.reset();
            pos = 0;
            int n = in.read(chunk);
            if (n < 0) {
                finished = true;
                encoder.close(); // writes the frame's end into the buffer
            } else {
                encoder.write(chunk, 0, n);
            }
        }
        int n = Math.min(len, produced.size() - pos);
        System.arraycopy(produced.bytes(), pos, b, off, n);
        pos += n;
        return n;
    }

    @Override
    public void close() throws IOException {
        try {
            if (!finished) {
                finished = true;
                encoder.close();
            }
        } finally {
            in.close();
        }
    }

    /** A byte buffer whose array is read in place. */
    private static final class Buffer extends ByteArrayOutputStream {
        byte[] bytes() {
            return buf;
        }
    }
}
