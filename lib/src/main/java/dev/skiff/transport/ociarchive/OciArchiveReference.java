package dev.skiff.transport.ociarchive;

import dev.skiff.model.Descriptor;
import dev.skiff.transport.BatchWriting;
import dev.skiff.transport.BlobScope;
import dev.skiff.transport.DestinationBatch;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ManifestLookup;
import dev.skiff.transport.StoreInventory;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.TransportSession;
import dev.skiff.transport.layout.LayoutDestination;
import dev.skiff.transport.layout.LayoutIndex;
import dev.skiff.transport.layout.LayoutPath;
import dev.skiff.transport.layout.LayoutSource;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;

/** An image in an OCI archive: the tar file as the user wrote it, and an optional ref name. */
public record OciArchiveReference(String path, String refName)
        implements ImageReference, ManifestLookup, BlobScope, BatchWriting {
    /** A session's copy of one archive's index.json entries (an archive read in a run does not change during it). */
    private record Entries(Path archive) {}

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

    /**
     * The entry the archive's index.json has under the ref name; empty when there is no such file
     * or entry. With a session the index is read once per archive for all its references.
     */
    @Override
    public Optional<Descriptor> head(TransportOptions options) throws IOException {
        if (!Files.isRegularFile(file())) {
            return Optional.empty();
        }
        List<Descriptor> entries = entries(options == null ? null : options.session());
        if (refName == null) {
            return entries.size() == 1 ? Optional.of(entries.get(0)) : Optional.empty();
        }
        return entries.stream()
                .filter(d -> refName.equals(d.annotations().get(LayoutIndex.REF_NAME)))
                .findFirst();
    }

    private List<Descriptor> entries(TransportSession session) throws IOException {
        if (session == null) {
            return readEntries();
        }
        try {
            @SuppressWarnings("unchecked")
            List<Descriptor> kept =
                    session.shared(new Entries(file().toAbsolutePath().normalize()), List.class, () -> {
                        try {
                            return readEntries();
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                    });
            return kept;
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private List<Descriptor> readEntries() throws IOException {
        try (ImageSource whole = new OciArchiveReference(path, null).openSource(TransportOptions.defaults())) {
            return List.copyOf(((StoreInventory) whole).entries());
        }
    }

    /** Every image of one archive shares its blobs. */
    @Override
    public String blobScope() {
        return "oci-archive:" + file().toAbsolutePath().normalize();
    }

    @Override
    public String batchStore() {
        return blobScope();
    }

    /** One new tar for every image written through it, renamed over the archive at publish (its other images kept). */
    @Override
    public DestinationBatch openBatch(TransportOptions options) throws IOException {
        return OciArchiveBatch.create(file());
    }

    @Override
    public String toString() {
        return "oci-archive:" + withinTransport();
    }
}
