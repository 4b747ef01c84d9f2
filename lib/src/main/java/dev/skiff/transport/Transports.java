package dev.skiff.transport;

import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.dir.DirTransport;
import dev.skiff.transport.dockerarchive.DockerArchiveTransport;
import dev.skiff.transport.dockerdaemon.DockerDaemonTransport;
import dev.skiff.transport.layout.OciLayoutTransport;
import dev.skiff.transport.ociarchive.OciArchiveTransport;
import dev.skiff.transport.registry.DockerTransport;
import java.util.LinkedHashMap;
import java.util.Map;

/** The known transports, and parsing of {@code transport:reference} strings (skopeo's syntax). */
public final class Transports {
    private static final Map<String, Transport> KNOWN = new LinkedHashMap<>();

    static {
        register(DockerTransport.INSTANCE);
        register(OciLayoutTransport.INSTANCE);
        register(OciArchiveTransport.INSTANCE);
        register(DirTransport.INSTANCE);
        register(DockerArchiveTransport.INSTANCE);
        register(DockerDaemonTransport.INSTANCE);
    }

    private Transports() {
    }

    private static void register(Transport t) {
        KNOWN.put(t.name(), t);
    }

    public static Map<String, Transport> all() {
        return java.util.Collections.unmodifiableMap(KNOWN);
    }

    public static ImageReference parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException("invalid image reference \"\": expected TRANSPORT:REFERENCE (" + known() + ")");
        }
        int colon = text.indexOf(':');
        if (colon <= 0) {
            throw new InvalidReferenceException("invalid image reference \"" + text
                    + "\": no transport given; expected TRANSPORT:REFERENCE, e.g. docker://" + text + " (known transports: " + known() + ")");
        }
        String name = text.substring(0, colon);
        Transport transport = KNOWN.get(name);
        if (transport == null) {
            throw new InvalidReferenceException("unknown transport \"" + name + "\" in \"" + text
                    + "\" (known transports: " + known() + ")");
        }
        return transport.parse(text.substring(colon + 1));
    }

    private static String known() {
        return String.join(", ", KNOWN.keySet());
    }
}
