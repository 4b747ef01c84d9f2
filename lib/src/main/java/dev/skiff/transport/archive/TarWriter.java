package dev.skiff.transport.archive;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * Writes a tar stream entry by entry as content arrives, never holding a file in memory: ustar
 * headers, with a PAX record when a name or link target does not fit ustar's 100 bytes (or is not
 * ASCII) or a size does not fit 11 octal digits. Directories, regular files and symlinks only.
 * {@link #finish()} writes the two end blocks; the caller owns (and closes) the output stream.
 * For an archive that appears atomically under its final name, see {@link PendingTar}.
 */
public final class TarWriter {
    private static final int BLOCK = 512;
    private static final long USTAR_MAX_SIZE = 077777777777L;

    private final OutputStream out;
    private final long mtime;
    private long written;

    public TarWriter(OutputStream out) {
        this(out, 0);
    }

    /** {@code mtimeSeconds} is stamped on every entry, so equal input gives equal bytes. */
    public TarWriter(OutputStream out, long mtimeSeconds) {
        this.out = out;
        this.mtime = mtimeSeconds;
    }

    public void directory(String name) throws IOException {
        header(name.endsWith("/") ? name : name + "/", "", 0, '5', 0755);
    }

    public void file(String name, byte[] content) throws IOException {
        header(name, "", content.length, '0', 0644);
        out.write(content);
        pad(content.length);
    }

    /**
     * Streams exactly {@code size} bytes of {@code content} into a file entry, then reads it to its
     * end (so a verifying stream checks its digest there). Content shorter or longer than
     * {@code size} is an error; the tar is then unusable and the caller discards it.
     */
    public void file(String name, long size, InputStream content) throws IOException {
        header(name, "", size, '0', 0644);
        byte[] buffer = new byte[65536];
        long left = size;
        while (left > 0) {
            int n = content.read(buffer, 0, (int) Math.min(buffer.length, left));
            if (n < 0) {
                throw new IOException(
                        "content of " + name + " ended after " + (size - left) + " of " + size + " bytes");
            }
            out.write(buffer, 0, n);
            left -= n;
        }
        if (content.read() >= 0) {
            throw new IOException("content of " + name + " is longer than its declared " + size + " bytes");
        }
        pad(size);
    }

    public void symlink(String name, String target) throws IOException {
        header(name, target, 0, '2', 0777);
    }

    /** Writes the end-of-archive blocks and flushes; does not close the stream. */
    public void finish() throws IOException {
        out.write(new byte[2 * BLOCK]);
        out.flush();
    }

    /** Bytes written so far (headers, content and padding). */
    public long bytesWritten() {
        return written;
    }

    private void header(String name, String link, long size, char type, int mode) throws IOException {
        boolean longName = !fits(name);
        boolean longLink = !fits(link);
        boolean bigSize = size > USTAR_MAX_SIZE;
        if (longName || longLink || bigSize) {
            StringBuilder pax = new StringBuilder();
            if (longName) {
                pax.append(paxRecord("path", name));
            }
            if (longLink) {
                pax.append(paxRecord("linkpath", link));
            }
            if (bigSize) {
                pax.append(paxRecord("size", Long.toString(size)));
            }
            byte[] records = pax.toString().getBytes(StandardCharsets.UTF_8);
            writeHeader(ascii("PaxHeaders/" + name), "", records.length, 'x', 0644);
            out.write(records);
            pad(records.length);
        }
        writeHeader(longName ? ascii(name) : name, longLink ? ascii(link) : link, bigSize ? 0 : size, type, mode);
    }

    private void writeHeader(String name, String link, long size, char type, int mode) throws IOException {
        byte[] h = new byte[BLOCK];
        put(h, 0, 100, name);
        put(h, 100, 8, octal(mode, 7));
        put(h, 108, 8, octal(0, 7));
        put(h, 116, 8, octal(0, 7));
        put(h, 124, 12, octal(size, 11));
        put(h, 136, 12, octal(mtime, 11));
        Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 157, 100, link);
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 265, 32, "root");
        put(h, 297, 32, "root");
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, octal(sum, 6) + "\0 ");
        out.write(h);
        written += BLOCK;
    }

    /** ustar's 100-byte name field holds ASCII names of up to 100 bytes; anything else goes into PAX. */
    private static boolean fits(String s) {
        return s.length() <= 100 && s.chars().allMatch(c -> c >= 0x20 && c < 0x7f);
    }

    /** A stand-in for the ustar field when the real value is in PAX: ASCII, at most 100 bytes. */
    private static String ascii(String s) {
        String a = s.replaceAll("[^\\x20-\\x7e]", "_");
        return a.length() <= 100 ? a : a.substring(a.length() - 100);
    }

    /** {@code "LEN key=value\n"} where LEN counts the whole record, its own digits included. */
    private static String paxRecord(String key, String value) {
        int body = (" " + key + "=" + value + "\n").getBytes(StandardCharsets.UTF_8).length;
        int len = body + Integer.toString(body).length();
        if (Integer.toString(len).length() != Integer.toString(body).length()) {
            len++;
        }
        return len + " " + key + "=" + value + "\n";
    }

    private void pad(long size) throws IOException {
        written += size;
        int rest = (int) (size % BLOCK);
        if (rest != 0) {
            out.write(new byte[BLOCK - rest]);
            written += BLOCK - rest;
        }
    }

    private static String octal(long value, int digits) {
        String s = Long.toOctalString(value);
        return "0".repeat(Math.max(0, digits - s.length())) + s;
    }

    private static void put(byte[] h, int offset, int length, String value) {
        byte[] b = value.getBytes(StandardCharsets.US_ASCII);
        if (b.length > length) {
            throw new IllegalArgumentException("tar field too long: " + value);
        }
        System.arraycopy(b, 0, h, offset, b.length);
    }
}
