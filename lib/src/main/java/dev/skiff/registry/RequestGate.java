package dev.skiff.registry;

import java.io.IOException;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;
import okhttp3.Interceptor;
import okhttp3.Response;

/**
 * At most N requests of this process in flight against one registry, however many images and
 * layers are being worked on at once: a mirror job should not look like a flood to the registry
 * (Docker Hub, a small internal one). A request holds its place from sending until the response's
 * headers arrive; reading a body (a layer) does not, so a copy that reads from a registry while
 * writing to the same one can never wait on itself. Layer transfers are bounded by the copy's own
 * parallelism. A network interceptor: it holds a place around each request OkHttp writes, so a
 * token fetched on a 401 (outside the network chain) never waits on its own request's place.
 */
final class RequestGate implements Interceptor {
    private static final Map<String, RequestGate> GATES = new ConcurrentHashMap<>();

    /** No cap: every request goes at once. */
    private static final RequestGate OPEN = new RequestGate(0);

    private final Semaphore permits;

    private RequestGate(int max) {
        this.permits = max <= 0 ? null : new Semaphore(max, true);
    }

    /** The gate for a registry with that cap, shared by every client in this process. */
    static RequestGate of(String registry, int max) {
        return max <= 0 ? OPEN : GATES.computeIfAbsent(registry + "#" + max, k -> new RequestGate(max));
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        if (permits == null) {
            return chain.proceed(chain.request());
        }
        enter();
        try {
            return chain.proceed(chain.request());
        } finally {
            exit();
        }
    }

    private void enter() throws java.io.InterruptedIOException {
        if (permits == null) {
            return;
        }
        try {
            permits.acquire();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to send a request");
        }
    }

    private void exit() {
        if (permits != null) {
            permits.release();
        }
    }
}
