package dev.skiff.sync;

import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.TransportSession;
import java.io.IOException;
import java.util.IdentityHashMap;
import java.util.Map;

/**
 * The transport options of one run: each side's options with the run's cap on requests per
 * registry and the run's {@link TransportSession}, so listing tags, every HEAD and every copy of
 * the run share one client per registry (pinged, and a token fetched, once per run). Closing it
 * closes what the transports kept in the session.
 *
 * <p>The same options object always gives the same prepared one: transports tell a session's
 * clients apart by options identity (hashing a record for each of thousands of requests costs more
 * than the request on a cold JVM).
 */
final class SyncSession implements AutoCloseable {
    private final TransportSession session = new TransportSession();
    private final Map<TransportOptions, TransportOptions> prepared = new IdentityHashMap<>();
    private final int perRegistry;

    /** At most {@code perRegistry} requests in flight against one registry (0: no cap). */
    SyncSession(int perRegistry) {
        this.perRegistry = perRegistry;
    }

    /** {@code options} (null: the defaults) with the run's cap and session. */
    synchronized TransportOptions options(TransportOptions options) {
        return prepared.computeIfAbsent(
                options,
                o -> (o == null ? TransportOptions.defaults() : o)
                        .withMaxRequests(perRegistry)
                        .withSession(session));
    }

    @Override
    public void close() throws IOException {
        session.close();
    }
}
