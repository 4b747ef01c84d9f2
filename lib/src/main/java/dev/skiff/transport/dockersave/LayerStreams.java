package dev.skiff.transport.dockersave;

import dev.skiff.SkiffException;
import dev.skiff.io.BlobVerificationException;
import dev.skiff.name.Digest;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;
import java.util.zip.GZIPInputStream;
import java.util.zip.ZipException;

/**
 * A docker-archive stores layers as plain tars; what arrives may be gzip. The format is told by
 * the first bytes, not by a media type, as docker and skopeo do: a mislabelled layer still loads.
 */
final class LayerStreams {
    private static final int BUFFER = 64 * 1024;

    private LayerStreams() {}

    /** Whether the stream starts with gzip's magic bytes; reads (and consumes) at most two bytes. */
    static boolean isGzip(InputStream raw) throws IOException {
        byte[] magic = raw.readNBytes(2);
        return magic.length == 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b;
    }

    /**
     * The uncompressed bytes of {@code raw}. Reading to the end also reads {@code raw} to its end,
     * so a verifying stream underneath checks its digest; a gzip stream that ends early fails with a
     * message naming {@code what}.
     */
    static InputStream uncompressed(InputStream raw, String what) throws IOException {
        BufferedInputStream in = new BufferedInputStream(raw, BUFFER);
        in.mark(4);
        byte[] magic = in.readNBytes(4);
        in.reset();
        if (magic.length >= 2 && (magic[0] & 0xff) == 0x1f && (magic[1] & 0xff) == 0x8b) {
            return new Gunzip(in, what);
        }
        if (magic.length == 4
                && (magic[0] & 0xff) == 0x28
                && (magic[1] & 0xff) == 0xb5
                && (magic[2] & 0xff) == 0x2f
                && (magic[3] & 0xff) == 0xfd) {
            throw new SkiffException(
                    what + " is zstd-compressed; Skiff cannot decompress zstd yet, and a docker-archive"
                            + " needs plain tar layers (copy from a source with gzip or uncompressed layers)");
        }
        return in;
    }

    /**
     * Checks a layer against its diff_id as it is read, so a mismatch names the archive entry (the
     * copier's own check names only the digest).
     */
    static InputStream checked(InputStream in, Digest diffId, String what) {
        return new DiffIdCheck(in, diffId, what);
    }

    /** A filter that reads in blocks: single bytes and skips go through the block read, so nothing bypasses it. */
    private abstract static class LayerFilter extends FilterInputStream {
        LayerFilter(InputStream in) {
            super(in);
        }

        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }

        @Override
        public long skip(long n) throws IOException {
            byte[] buffer = new byte[8192];
            long skipped = 0;
            int r;
            while (skipped < n && (r = read(buffer, 0, (int) Math.min(buffer.length, n - skipped))) > 0) {
                skipped += r;
            }
            return skipped;
        }

        @Override
        public boolean markSupported() {
            return false;
        }
    }

    private static final class DiffIdCheck extends LayerFilter {
        private final Digest expected;
        private final String what;
        private final MessageDigest hasher;
        private boolean checked;

        DiffIdCheck(InputStream in, Digest expected, String what) {
            super(in);
            this.expected = expected;
            this.what = what;
            this.hasher = expected.newHasher();
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n = in.read(b, off, len);
            if (n < 0) {
                if (!checked) {
                    checked = true;
                    byte[] actual = hasher.digest();
                    if (!expected.matches(actual)) {
                        throw new BlobVerificationException(what + " does not match its diff_id " + expected
                                + ": its content is " + expected.withHash(actual));
                    }
                }
                return -1;
            }
            hasher.update(b, off, n);
            return n;
        }
    }

    /** gunzip whose end drains the compressed stream, and whose errors say which layer broke. */
    private static final class Gunzip extends LayerFilter {
        private final InputStream compressed;
        private final String what;

        Gunzip(InputStream compressed, String what) throws IOException {
            super(open(compressed, what));
            this.compressed = compressed;
            this.what = what;
        }

        private static InputStream open(InputStream compressed, String what) throws IOException {
            try {
                return new GZIPInputStream(compressed, BUFFER);
            } catch (EOFException | ZipException e) {
                throw broken(what, e);
            }
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            int n;
            try {
                n = in.read(b, off, len);
            } catch (EOFException | ZipException e) {
                throw broken(what, e);
            }
            if (n < 0) {
                compressed.transferTo(java.io.OutputStream.nullOutputStream());
            }
            return n;
        }

        private static SkiffException broken(String what, IOException e) {
            String why = e instanceof EOFException ? "its gzip stream ends early" : "its gzip stream is corrupt";
            return new SkiffException(what + ": " + why + " (" + e.getMessage() + ")");
        }
    }
}
