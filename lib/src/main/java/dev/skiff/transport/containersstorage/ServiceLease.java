package dev.skiff.transport.containersstorage;

import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.TransportSession;
import java.io.IOException;
import java.io.UncheckedIOException;

/**
 * A store's service for one use: the session's (one per store for a whole sync, stopped when the
 * session closes), else one for this use alone, stopped when the lease is closed.
 */
record ServiceLease(PodmanService service, boolean owned) implements AutoCloseable {
    /** The session's key for a store's service. */
    private record Key(StoreSpec store) {}

    static ServiceLease of(StoreSpec store, TransportOptions options) throws IOException {
        TransportSession session = options == null ? null : options.session();
        if (session == null) {
            return new ServiceLease(PodmanService.forStore(store), true);
        }
        try {
            return new ServiceLease(
                    session.shared(new Key(store), PodmanService.class, () -> {
                        try {
                            return PodmanService.forStore(store);
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    }),
                    false);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    LibpodApi api() {
        return service.api();
    }

    @Override
    public void close() {
        if (owned) {
            service.close();
        }
    }
}
