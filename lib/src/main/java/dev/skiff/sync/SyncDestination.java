package dev.skiff.sync;

import dev.skiff.transport.TransportOptions;
import java.util.Objects;

/**
 * Where a sync writes: under a registry path ({@code host[/prefix]}), one dir: folder per image
 * under a directory, every image into one OCI layout, or every image into one archive file, an OCI
 * archive (images already there kept) or a new docker-archive (as {@code docker save a b}), written
 * whole and renamed into place when every image has arrived.
 */
public record SyncDestination(Kind kind, String location, TransportOptions options) {
    public enum Kind {
        DOCKER, DIR, OCI, OCI_ARCHIVE, DOCKER_ARCHIVE;

        /** Kinds that hold many images under one location, named by their whole repository path. */
        public boolean holdsNames() {
            return this == OCI || this == OCI_ARCHIVE || this == DOCKER_ARCHIVE;
        }
    }

    public SyncDestination {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(location, "location");
        if (location.isEmpty()) {
            throw new IllegalArgumentException("a sync destination needs a location");
        }
        options = options == null ? TransportOptions.defaults() : options;
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
}
