package dev.skiff.registry;

import dev.skiff.transport.RetryPolicy;
import java.io.IOException;
import java.io.InputStream;
import okhttp3.Response;

/**
 * A blob download that survives a cut connection: when a read fails after {@code N} bytes it asks
 * again with {@code Range: bytes=N-} and goes on with a 206 whose {@code Content-Range} starts at
 * {@code N}. A 200 (a registry or storage that ignores ranges) is the whole blob again, and so is
 * the answer to a plain GET sent when a 206 holds another range than the one asked for: the
 * download starts again from byte 0 and the {@code N} bytes already delivered are skipped, so the
 * caller's verifying stream, which has hashed them, goes on with the bytes that follow. Each new
 * request counts against the retry policy. The caller's verifying stream still checks the whole
 * blob's size and digest, so a resumed download is trusted no more than a plain one.
 */
final class ResumingBlobStream extends InputStream {
    /** Opens the blob from {@code offset} (0: the whole blob, no Range header); a successful response. */
    interface Opener {
        Response open(long offset) throws IOException;
    }

    /** The server answered a Range request in a way that cannot continue this download. */
    static final class CannotResume extends IOException {
        CannotResume(String message) {
            super(message);
        }
    }

    private final Opener opener;
    private final RetryPolicy retry;
    private final DebugLog debug;
    private final String what;
    private Response response;
    private InputStream in;
    private long position;
    private int resumes;
    private boolean closed;

    ResumingBlobStream(Response first, Opener opener, RetryPolicy retry, DebugLog debug, String what) {
        this.response = first;
        this.in = first.body().byteStream();
        this.opener = opener;
        this.retry = retry;
        this.debug = debug;
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
        boolean fromZero = false;
        while (!closed && resumes < retry.times() && !(last instanceof CannotResume) && Failures.retryable(last)) {
            RetryInterceptor.pause(
                    retry,
                    debug,
                    resumes++,
                    null,
                    "GET " + Urls.redact(response.request().url()),
                    "a cut after " + position + " bytes of " + what);
            try {
                fromZero = reopen(fromZero);
                if (!fromZero) {
                    return;
                }
                last = new IOException("the answer to a Range request held another range");
            } catch (IOException again) {
                last = again;
            }
        }
        throw resumes == 0 || last instanceof CannotResume
                ? last
                : new RetryInterceptor.RetriesExhausted(resumes + 1, last);
    }

    /**
     * Opens the blob again from {@link #position}, or from zero when {@code fromZero}; false when
     * the stream goes on, true when the answer held the wrong range and the next try starts from zero.
     */
    private boolean reopen(boolean fromZero) throws IOException {
        response.close();
        Response r = opener.open(fromZero ? 0 : position);
        response = r;
        in = r.body().byteStream();
        if (position == 0) {
            return false;
        }
        if (r.code() == 206 && !fromZero) {
            String range = r.header("Content-Range");
            if (range != null && range.trim().startsWith("bytes " + position + "-")) {
                return false;
            }
            r.close();
            debug.line(() -> "asked for " + what + " from byte " + position + " but the answer holds "
                    + (range == null ? "no Content-Range" : "Content-Range " + range.trim())
                    + "; starting again from zero");
            return true;
        }
        if (r.code() != 200) {
            r.close();
            throw new CannotResume("asked for " + what + " from byte " + (fromZero ? 0 : position)
                    + " but the answer is a " + r.code() + "; cannot resume");
        }
        // A 200 is the whole blob again: skip what the caller already has (EOFException if shorter).
        in.skipNBytes(position);
        long skipped = position;
        debug.line(() -> "restarted " + what + " from zero and skipped the " + skipped + " bytes already read");
        return false;
    }

    @Override
    public void close() throws IOException {
        closed = true;
        response.close();
    }
}
