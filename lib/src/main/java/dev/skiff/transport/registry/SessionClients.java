package dev.skiff.transport.registry;

import dev.skiff.registry.RegistryClient;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.TransportSession;

/**
 * The registry client a reference uses: the session's one for its registry and options when the
 * options carry a session (shared by every image of a sync, closed with the session), else a new
 * one that the source or destination owns and closes.
 *
 * <p>Options are told apart by identity: a run hands the same options object to every request of
 * one side, and a record's hash code (credentials, paths, retry policy…) for each of a sync's
 * thousands of requests costs more than the request itself on a cold JVM.
 */
final class SessionClients {
    private record Key(String registry, TransportOptions options) {
        @Override
        public boolean equals(Object o) {
            return o instanceof Key k && k.registry.equals(registry) && k.options == options;
        }

        @Override
        public int hashCode() {
            return registry.hashCode() * 31 + System.identityHashCode(options);
        }
    }

    private SessionClients() {}

    /** A client and whether its user must close it (its own) or not (the session's). */
    record Lease(RegistryClient client, boolean owned) {}

    /** The session's client for {@code registry} when the options carry a session, else a new one its user owns. */
    static Lease lease(String registry, TransportOptions options) {
        RegistryClient shared = shared(registry, options);
        return shared != null
                ? new Lease(shared, false)
                : new Lease(RegistryClient.forRegistry(registry, options), true);
    }

    /** The session's client for {@code registry}, or null when {@code options} carry no session. */
    static RegistryClient shared(String registry, TransportOptions options) {
        TransportSession session = options == null ? null : options.session();
        if (session == null) {
            return null;
        }
        return session.shared(
                new Key(registry, options), RegistryClient.class, () -> RegistryClient.forRegistry(registry, options));
    }
}
