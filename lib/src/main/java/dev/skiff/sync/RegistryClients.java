package dev.skiff.sync;

import dev.skiff.registry.RegistryClient;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.registry.DockerReference;
import dev.skiff.transport.registry.RegistryDestination;
import dev.skiff.transport.registry.RegistrySource;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * One registry client per registry and options for a whole run: listing tags, every HEAD and every
 * copy share it, so a registry is pinged (and a token fetched) once per run, not once per image,
 * and its kept-alive connections serve every image. Each client has the run's per-registry cap.
 *
 * <p>Options are told apart by identity: a run hands the same options object to every request of
 * one side, and a record's hash code (credentials, paths, retry policy…) for each of a sync's
 * thousands of requests costs more than the request itself on a cold JVM.
 */
final class RegistryClients implements AutoCloseable {
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

    private final Map<Key, RegistryClient> clients = new ConcurrentHashMap<>();
    private final int perRegistry;

    /** Clients that keep at most {@code perRegistry} requests in flight against one registry (0: no cap). */
    RegistryClients(int perRegistry) {
        this.perRegistry = perRegistry;
    }

    RegistryClient client(String registry, TransportOptions options) {
        return clients.computeIfAbsent(new Key(registry, options), k -> RegistryClient.forRegistry(k.registry(), capped(k.options())));
    }

    /** The image as a source read through the run's client (closing it leaves the client open). */
    RegistrySource source(DockerReference ref, TransportOptions options) {
        return new RegistrySource(ref, client(ref.name().registry(), options));
    }

    /** The image as a destination written through the run's client (closing it leaves the client open). */
    RegistryDestination destination(DockerReference ref, TransportOptions options) {
        return new RegistryDestination(ref, client(ref.name().registry(), options));
    }

    /** {@code options} with the run's cap on requests per registry. */
    TransportOptions capped(TransportOptions options) {
        return (options == null ? TransportOptions.defaults() : options).withMaxRequests(perRegistry);
    }

    @Override
    public void close() {
        clients.values().forEach(RegistryClient::close);
    }
}
