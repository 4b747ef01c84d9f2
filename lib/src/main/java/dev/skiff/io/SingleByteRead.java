package dev.skiff.io;

import java.io.IOException;
import java.io.InputStream;

/** {@link InputStream#read()} in terms of the stream's own {@code read(byte[], int, int)}, for filter streams. */
public final class SingleByteRead {
    private SingleByteRead() {}

    public static int read(InputStream stream) throws IOException {
        byte[] one = new byte[1];
        int n;
        do {
            n = stream.read(one, 0, 1);
        } while (n == 0);
        return n < 0 ? -1 : one[0] & 0xff;
    }
}
