package dev.skiff.transport;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;

/**
 * What the references of one long operation share (a sync's run): a registry's client, so a
 * registry is pinged and a token fetched once per run, and its kept-alive connections serve every
 * image; an archive's index, read once. It travels in {@link TransportOptions#session()}; each
 * transport keeps there what it wants under keys of its own. Sources and destinations opened with
 * a session leave what they took from it open; whoever made the session closes it at the end,
 * which closes everything kept in it.
 */
public final class TransportSession implements AutoCloseable {
    private final Map<Object, Object> shared = new ConcurrentHashMap<>();

    /**
     * What this session keeps under {@code key}, made by {@code create} the first time. Keys are a
     * transport's own values (records), so transports never see each other's entries.
     */
    public <T> T shared(Object key, Class<T> type, Supplier<? extends T> create) {
        return type.cast(shared.computeIfAbsent(key, k -> create.get()));
    }

    /** Closes everything kept that can be closed; the first failure is thrown after all were tried. */
    @Override
    public void close() throws IOException {
        List<Object> kept = new ArrayList<>(shared.values());
        shared.clear();
        Exception first = null;
        for (Object o : kept) {
            if (o instanceof AutoCloseable c) {
                try {
                    c.close();
                } catch (Exception e) {
                    first = first == null ? e : first;
                }
            }
        }
        if (first instanceof IOException io) {
            throw io;
        }
        if (first instanceof RuntimeException r) {
            throw r;
        }
        if (first != null) {
            throw new IOException("closing a transport session failed: " + first, first);
        }
    }
}
