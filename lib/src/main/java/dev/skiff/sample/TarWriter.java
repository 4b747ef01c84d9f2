package dev.skiff.sample;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** The few bytes of ustar a sample layer needs: directories and regular files, no long names. */
public final class TarWriter {
    private final ByteArrayOutputStream out = new ByteArrayOutputStream();
    private final long mtime;

    public TarWriter(long mtimeSeconds) {
        this.mtime = mtimeSeconds;
    }

    public void directory(String name) {
        header(name.endsWith("/") ? name : name + "/", 0, '5', 0755);
    }

    public void file(String name, byte[] content) {
        header(name, content.length, '0', 0644);
        out.writeBytes(content);
        pad(content.length);
    }

    public byte[] finish() {
        out.writeBytes(new byte[1024]);
        return out.toByteArray();
    }

    private void header(String name, long size, char type, int mode) {
        byte[] h = new byte[512];
        put(h, 0, 100, name);
        put(h, 100, 8, octal(mode, 7));
        put(h, 108, 8, octal(0, 7));
        put(h, 116, 8, octal(0, 7));
        put(h, 124, 12, octal(size, 11));
        put(h, 136, 12, octal(mtime, 11));
        java.util.Arrays.fill(h, 148, 156, (byte) ' ');
        h[156] = (byte) type;
        put(h, 257, 6, "ustar");
        put(h, 263, 2, "00");
        put(h, 265, 32, "root");
        put(h, 297, 32, "root");
        long sum = 0;
        for (byte b : h) {
            sum += b & 0xff;
        }
        put(h, 148, 8, octal(sum, 6) + "\0 ");
        out.writeBytes(h);
    }

    private void pad(long size) {
        int rest = (int) (size % 512);
        if (rest != 0) {
            out.writeBytes(new byte[512 - rest]);
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
