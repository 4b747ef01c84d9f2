package dev.skiff.sync;

import dev.skiff.transport.TransportOptions;
import java.util.Objects;

/**
 * Where a sync writes: under a registry path ({@code host[/prefix]}), one dir: folder per image
 * under a directory, every image into one OCI layout, or every image into one archive file, an OCI
 * archive (images already there kept) or a new docker-archive (as {@code docker save a b}), written
 * whole and renamed into place when every image has arrived; or into a store of any transport
 * that offers stores ({@link Kind#STORE}, location {@code transport:location}).
 */
public record SyncDestination(Kind kind, String location, TransportOptions options) {
    public enum Kind {
        DOCKER("docker"),
        DIR("dir"),
        OCI("oci"),
        OCI_ARCHIVE("oci-archive"),
        DOCKER_ARCHIVE("docker-archive"),
        /** A store of the transport named before the location's first colon. */
        STORE(null);

        private final String transport;

        Kind(String transport) {
            this.transport = transport;
        }

        /** Kinds that hold many images under one location, named by their whole repository path. */
        public boolean holdsNames() {
            return this == OCI || this == OCI_ARCHIVE || this == DOCKER_ARCHIVE || this == STORE;
        }
    }

    public SyncDestination {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        if (location.isEmpty()) {
            throw new IllegalArgumentException("a sync destination needs a location");
        }
        if (kind == Kind.STORE && location.indexOf(':') <= 0) {
            throw new IllegalArgumentException("a store destination is TRANSPORT:LOCATION, not \"" + location + "\"");
        }
        options = options == null ? TransportOptions.defaults() : options;
    }

    /** The name of the transport images are written with. */
    public String transport() {
        return kind.transport != null ? kind.transport : location.substring(0, location.indexOf(':'));
    }

    /** The location as that transport takes it (after {@code transport:} for a {@link Kind#STORE}). */
    public String storeLocation() {
        return kind.transport != null ? location : location.substring(location.indexOf(':') + 1);
    }

    public static SyncDestination registry(String hostAndPath, TransportOptions options) {
        return new SyncDestination(Kind.DOCKER, hostAndPath.replaceAll("/+$", ""), options);
    }

    public static SyncDestination dir(String directory) {
        return new SyncDestination(Kind.DIR, directory, null);
    }

    public static SyncDestination oci(String layout) {
        return new SyncDestination(Kind.OCI, layout, null);
    }

    public static SyncDestination ociArchive(String file) {
        return new SyncDestination(Kind.OCI_ARCHIVE, file, null);
    }

    public static SyncDestination dockerArchive(String file) {
        return new SyncDestination(Kind.DOCKER_ARCHIVE, file, null);
    }

    /** A store of any transport that offers stores: {@code transport:location}, e.g. {@code oci:/srv/mirror}. */
    public static SyncDestination store(String transportAndLocation, TransportOptions options) {
        return new SyncDestination(Kind.STORE, transportAndLocation, options);
    }
}
