package dev.skiff.copy;

import java.io.IOException;
import java.io.InputStream;
import java.util.zip.CRC32;
import java.util.zip.CheckedInputStream;
import java.util.zip.Deflater;
import java.util.zip.DeflaterInputStream;

/**
 * Reads a stream as gzip: the compressed bytes come out as the plain ones are read, so a layer is
 * compressed while it is uploaded, with no thread and no temp file. The header has no name and
 * mtime 0, so the same input always gives the same bytes.
 */
final class GzipCompressingInputStream extends InputStream {
    private static final byte[] HEADER = {0x1f, (byte) 0x8b, 8, 0, 0, 0, 0, 0, 0, (byte) 0xff};

    private final CheckedInputStream plain;
    private final Deflater deflater;
    private final DeflaterInputStream body;
    private byte[] pending = HEADER;
    private int pendingPos;
    private boolean bodyDone;
    private boolean trailerDone;

    GzipCompressingInputStream(InputStream in) {
        this(in, Deflater.DEFAULT_COMPRESSION);
    }

    /** At {@code level}, 0 (stored) to 9 (best), or {@link Deflater#DEFAULT_COMPRESSION}. */
    GzipCompressingInputStream(InputStream in, int level) {
        this.deflater = new Deflater(level, true);
        this.plain = new CheckedInputStream(in, new CRC32());
        this.body = new DeflaterInputStream(plain, deflater, 64 * 1024);
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
        while (true) {
            if (pending != null) {
                int n = Math.min(len, pending.length - pendingPos);
                System.arraycopy(pending, pendingPos, b, off, n);
                pendingPos += n;
                if (pendingPos == pending.length) {
                    pending = null;
                }
                return n;
            }
            if (!bodyDone) {
                int n = body.read(b, off, len);
                if (n > 0) {
                    return n;
                }
                if (n < 0) {
                    bodyDone = true;
                }
                continue;
            }
            if (!trailerDone) {
                trailerDone = true;
                pending = trailer(plain.getChecksum().getValue(), deflater.getBytesRead());
                pendingPos = 0;
                continue;
            }
            return -1;
        }
    }

    private static byte[] trailer(long crc, long size) {
        byte[] t = new byte[8];
        for (int i = 0; i < 4; i++) {
            t[i] = (byte) (crc >>> (8 * i));
            t[4 + i] = (byte) (size >>> (8 * i));
        }
        return t;
    }

    @Override
    public void close() throws IOException {
        deflater.end();
        body.close();
    }
}
