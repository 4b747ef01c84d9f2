package dev.skiff.registry;

import java.io.IOException;
import java.io.InputStream;
import okhttp3.Response;

/**
 * A blob download that survives a cut connection: when a read fails after {@code N} bytes it asks
 * again with {@code Range: bytes=N-} and goes on with a 206 whose {@code Content-Range} starts at
 * {@code N}; on a 200 (a registry or storage that ignores ranges) it reads from zero again and
 * skips the {@code N} bytes already delivered. Any other answer ends the download. The caller's
 * verifying stream still checks the whole blob's size and digest, so a resumed download is
 * trusted no more than a plain one.
 */
final class ResumingBlobStream extends InputStream {
    /** Opens the blob from {@code offset} (0: the whole blob, no Range header); a successful response. */
    interface Opener {
        Response open(long offset) throws IOException;
    }

    private final Opener opener;
    private final RegistryHttp http;
    private final String what;
    private Response response;
    private InputStream in;
    private long position;
    private int resumes;
    private boolean closed;

    ResumingBlobStream(Response first, Opener opener, RegistryHttp http, String what) {
        this.response = first;
        this.in = first.body().byteStream();
        this.opener = opener;
        this.http = http;
        this.what = what;
    }

    @Override
    public int read() throws IOException {
        byte[] one = new byte[1];
        int n = read(one, 0, 1);
        return n < 0 ? -1 : one[0] & 0xff;
    }

    @Override
    public int read(byte[] b, int off, int len) throws IOException {
        while (true) {
            try {
                int n = in.read(b, off, len);
                if (n > 0) {
                    position += n;
                }
                return n;
            } catch (IOException e) {
                resume(e);
            }
        }
    }

    /** Reopens after {@code failure} as often as the retry policy allows; rethrows when it does not. */
    private void resume(IOException failure) throws IOException {
        IOException last = failure;
        while (!closed && resumes < http.retry().times() && !(last instanceof CannotResume)
                && RegistryHttp.isRetryableFailure(last)) {
            http.pause(resumes++, null, "GET", response.request().url(), "a cut after " + position + " bytes of " + what);
            try {
                reopen();
                return;
            } catch (IOException again) {
                last = again;
            }
        }
        throw resumes == 0 || last instanceof CannotResume ? last : new RegistryHttp.RetriesExhausted(resumes + 1, last);
    }

    /** The server answered a Range request in a way that cannot continue this download. */
    static final class CannotResume extends IOException {
        CannotResume(String message) {
            super(message);
        }
    }

    private void reopen() throws IOException {
        response.close();
        Response r = opener.open(position);
        response = r;
        in = r.body().byteStream();
        if (position == 0) {
            return;
        }
        if (r.code() == 206) {
            String range = r.header("Content-Range");
            if (range == null || !range.trim().startsWith("bytes " + position + "-")) {
                r.close();
                throw new CannotResume("asked for " + what + " from byte " + position + " but the answer holds "
                        + (range == null ? "no Content-Range" : "Content-Range " + range.trim()) + "; cannot resume");
            }
            return;
        }
        if (r.code() != 200) {
            r.close();
            throw new CannotResume("asked for " + what + " from byte " + position + " but the answer is a " + r.code() + "; cannot resume");
        }
        // A 200 is the whole blob again: skip what the caller already has (EOFException if shorter).
        in.skipNBytes(position);
        long skipped = position;
        http.debug(() -> "restarted " + what + " from zero (the server ignored Range) and skipped " + skipped + " bytes");
    }

    @Override
    public void close() throws IOException {
        closed = true;
        response.close();
    }
}
