package dev.skiff.registry;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.Semaphore;

/**
 * At most N requests of this process in flight against one registry, however many images and
 * layers are being worked on at once: a mirror job should not look like a flood to the registry
 * (Docker Hub, a small internal one). A request holds its place from sending until the response's
 * headers arrive; reading a body (a layer) does not, so a copy that reads from a registry while
 * writing to the same one can never wait on itself. Layer transfers are bounded by the copy's own
 * parallelism.
 */
final class RequestGate {
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

    void enter() throws java.io.InterruptedIOException {
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

    void exit() {
        if (permits != null) {
            permits.release();
        }
    }
}
