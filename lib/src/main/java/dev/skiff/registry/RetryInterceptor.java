package dev.skiff.registry;

import dev.skiff.transport.RetryPolicy;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.time.Duration;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Sends a request again after a transient failure, as the {@link RetryPolicy} says (ggcr's
 * {@code transport/retry.go}): a connection failure worth another try ({@link Failures#retryable})
 * or a 408, 429, 500, 502, 503 or 504, waiting with backoff (or the Retry-After asked for). Only a
 * replayable request is sent again: no body, or bytes in memory, never a streamed blob. Each attempt
 * carries {@link Attempts} so an error can count them. The outermost interceptor: a retry goes
 * through redirects and authentication anew.
 */
final class RetryInterceptor implements Interceptor {
    /** How many times a request was sent, kept on it so an error can say so. */
    record Attempts(int count) {}

    /** On a request: retry its statuses only, an I/O failure goes to the caller at once (the scheme probe's ping). */
    record StatusOnly() {}

    /** The last of several attempts failed without an answer; the message counts them. */
    static final class RetriesExhausted extends IOException {
        private final int attempts;

        RetriesExhausted(int attempts, IOException last) {
            super(last.getMessage() + " (gave up after " + attempts + " attempts)", last);
            this.attempts = attempts;
        }

        int attempts() {
            return attempts;
        }
    }

    private final RetryPolicy policy;
    private final DebugLog debug;

    RetryInterceptor(RetryPolicy policy, DebugLog debug) {
        this.policy = policy;
        this.debug = debug;
    }

    static boolean retryableStatus(int code) {
        return code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        boolean replayable = request.body() == null || !request.body().isOneShot();
        boolean failuresToo = request.tag(StatusOnly.class) == null;
        for (int retries = 0; ; retries++) {
            Request attempt = request.newBuilder()
                    .tag(Attempts.class, new Attempts(retries + 1))
                    .build();
            Response r;
            try {
                r = chain.proceed(attempt);
            } catch (IOException e) {
                if (failuresToo && replayable && retries < policy.times() && Failures.retryable(e)) {
                    pause(retries, null, request, Failures.rootMessage(e));
                    continue;
                }
                throw retries == 0 ? e : new RetriesExhausted(retries + 1, e);
            }
            if (replayable && retries < policy.times() && retryableStatus(r.code())) {
                String retryAfter = r.header("Retry-After");
                r.close();
                pause(retries, retryAfter, request, Integer.toString(r.code()));
                continue;
            }
            return r;
        }
    }

    private void pause(int retryIndex, String retryAfter, Request request, String why) throws IOException {
        pause(policy, debug, retryIndex, retryAfter, request.method() + " " + Urls.redact(request.url()), why);
    }

    /** Waits before retry number {@code retryIndex} (0-based) of {@code what}, saying so in the debug log. */
    static void pause(RetryPolicy policy, DebugLog debug, int retryIndex, String retryAfter, String what, String why)
            throws IOException {
        Duration wait = policy.waitBefore(retryIndex, retryAfter);
        debug.line(() -> "retrying " + what + " after " + why + " in " + wait.toMillis() + " ms (retry "
                + (retryIndex + 1) + " of " + policy.times() + ")");
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }
}
