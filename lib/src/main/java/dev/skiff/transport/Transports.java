package dev.skiff.transport;

import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.containersstorage.ContainersStorageTransport;
import dev.skiff.transport.dir.DirTransport;
import dev.skiff.transport.dockerarchive.DockerArchiveTransport;
import dev.skiff.transport.dockerdaemon.DockerDaemonTransport;
import dev.skiff.transport.layout.OciLayoutTransport;
import dev.skiff.transport.ociarchive.OciArchiveTransport;
import dev.skiff.transport.registry.DockerTransport;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The known transports, and parsing of {@code transport:reference} strings (skopeo's syntax). A
 * transport is one package plus one {@link #register} call: the copier and sync find what it can
 * do through the capability interfaces its references, sources and destinations implement.
 */
public final class Transports {
    // Built-ins first, in the order they are listed; registered ones after them. Registration is
    // rare and only adds, so readers take an immutable snapshot without locking.
    private static final Map<String, Transport> KNOWN = new ConcurrentHashMap<>();
    private static volatile java.util.List<String> order = java.util.List.of();

    static {
        register(DockerTransport.INSTANCE);
        register(OciLayoutTransport.INSTANCE);
        register(OciArchiveTransport.INSTANCE);
        register(DirTransport.INSTANCE);
        register(DockerArchiveTransport.INSTANCE);
        register(DockerDaemonTransport.INSTANCE);
        register(ContainersStorageTransport.INSTANCE);
    }

    private Transports() {}

    /**
     * Adds a transport under its {@link Transport#name()}. A name already known is refused, so a
     * registration cannot change what an existing reference means.
     */
    public static synchronized void register(Transport t) {
        String name = t.name();
        if (name == null || !name.matches("[a-z0-9][a-z0-9-]*")) {
            throw new IllegalArgumentException(
                    "a transport name is lower-case letters, digits and '-', not \"" + name + "\"");
        }
        if (KNOWN.putIfAbsent(name, t) != null) {
            throw new IllegalArgumentException("a transport named \"" + name + "\" is already registered");
        }
        java.util.List<String> more = new java.util.ArrayList<>(order);
        more.add(name);
        order = java.util.List.copyOf(more);
    }

    /** Every known transport by name, in registration order. */
    public static Map<String, Transport> all() {
        Map<String, Transport> all = new java.util.LinkedHashMap<>();
        for (String name : order) {
            all.put(name, KNOWN.get(name));
        }
        return java.util.Collections.unmodifiableMap(all);
    }

    /** The transport called {@code name}; an unknown name is an error that lists the known ones. */
    public static Transport get(String name) {
        Transport t = KNOWN.get(name);
        if (t == null) {
            throw new UnknownTransportException(
                    "unknown transport \"" + name + "\" (known transports: " + known() + ")", name, order);
        }
        return t;
    }

    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException(
                    "invalid image reference \"\": expected TRANSPORT:REFERENCE (" + known() + ")");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidReferenceException("invalid image reference \"" + text
                    + "\": no transport given; expected TRANSPORT:REFERENCE, e.g. docker://" + text
                    + " (known transports: " + known() + ")");
        }
        String name = text.substring(0, colon);
        Transport transport = KNOWN.get(name);
        if (transport == null) {
            throw new UnknownTransportException(
                    "unknown transport \"" + name + "\" in \"" + text + "\" (known transports: " + known() + ")",
                    name,
                    order);
        }
        return transport.parse(text.substring(colon + 1));
    }

    private static String known() {
        return String.join(", ", order);
    }
}
