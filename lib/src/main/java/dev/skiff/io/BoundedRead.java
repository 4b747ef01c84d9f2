package dev.skiff.io;

import dev.skiff.SkiffException;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;

/** Reads untrusted input into memory only up to a bound (rule 12: no OutOfMemoryError from a peer). */
public final class BoundedRead {
    public static final int MANIFEST_LIMIT = 4 * 1024 * 1024;
    public static final int BODY_LIMIT = 1024 * 1024;

    private BoundedRead() {}

    public static byte[] readAll(InputStream in, int limit, String what) throws IOException {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        byte[] buffer = new byte[16384];
        int n;
        while ((n = in.read(buffer)) > 0) {
            if (out.size() + n > limit) {
                throw new SkiffException(what + " is larger than the limit of " + limit + " bytes");
            }
            out.write(buffer, 0, n);
        }
        return out.toByteArray();
    }
}
