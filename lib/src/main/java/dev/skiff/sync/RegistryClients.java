package dev.skiff.sync;

import dev.skiff.registry.RegistryClient;
import dev.skiff.transport.TransportOptions;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/** One registry client per registry and options for a whole run, so pings and tokens are reused. */
final class RegistryClients {
    private record Key(String registry, TransportOptions options) {
    }

    private final Map<Key, RegistryClient> clients = new ConcurrentHashMap<>();

    RegistryClient client(String registry, TransportOptions options) {
        TransportOptions o = options == null ? TransportOptions.defaults() : options;
        return clients.computeIfAbsent(new Key(registry, o), k -> RegistryClient.forRegistry(k.registry(), k.options()));
    }
}
