package dev.skiff.transport.ociarchive;

import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.layout.LayoutDestination;
import dev.skiff.transport.layout.LayoutPath;
import dev.skiff.transport.layout.LayoutSource;
import java.io.IOException;
import java.nio.file.Path;

/** An image in an OCI archive: the tar file as the user wrote it, and an optional ref name. */
public record OciArchiveReference(String path, String refName) implements ImageReference {
    public OciArchiveReference {
        LayoutPath.checkRefName("oci-archive", path, refName);
    }

    @Override
    public Transport transport() {
        return OciArchiveTransport.INSTANCE;
    }

    @Override
    public String withinTransport() {
        return new LayoutPath(path, refName).withinTransport();
    }

    public Path file() {
        return Path.of(path);
    }

    /** Reads in place: the tar's headers are indexed once, blobs are read where they lie. */
    @Override
    public ImageSource openSource(TransportOptions options) throws IOException {
        return new LayoutSource(this, refName, OciArchiveFiles.open(file()));
    }

    /** Streams a new archive next to the old one and renames it over it at commit, keeping other tags. */
    @Override
    public ImageDestination openDestination(TransportOptions options) throws IOException {
        return new LayoutDestination(this, refName, OciArchiveStore.create(file()));
    }

    @Override
    public String toString() {
        return "oci-archive:" + withinTransport();
    }
}
