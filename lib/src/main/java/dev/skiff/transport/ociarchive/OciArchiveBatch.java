package dev.skiff.transport.ociarchive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.model.Descriptor;
import dev.skiff.transport.DestinationBatch;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.layout.LayoutDestination;
import dev.skiff.transport.layout.LayoutStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/**
 * Several images written into one OCI archive in one pass (a sync into {@code oci-archive:}):
 * every image's blobs stream into the same new tar, each image's commit only records its
 * index.json entry, and {@link #publish()} writes index.json once (the old archive's images kept)
 * and renames the tar over the archive. Closed without a publish, the temp tar is deleted and the
 * archive that was there is untouched. Writing an image at a time with {@code oci-archive:} would
 * rewrite the whole archive for each image.
 */
public final class OciArchiveBatch implements DestinationBatch {
    private final Path file;
    private final OciArchiveStore store;
    private final List<UnaryOperator<ArrayNode>> entries = new ArrayList<>();

    private OciArchiveBatch(Path file, OciArchiveStore store) {
        this.file = file;
        this.store = store;
    }

    /** Starts a new archive beside {@code file}; an archive already there is read, and kept until publish. */
    public static OciArchiveBatch create(Path file) throws IOException {
        return new OciArchiveBatch(file, OciArchiveStore.create(file));
    }

    public Path file() {
        return file;
    }

    /** Where one image of the batch is written; its commit adds it to the index written at publish. */
    @Override
    public ImageDestination destination(ImageReference ref) {
        if (!(ref instanceof OciArchiveReference archive)) {
            throw new IllegalArgumentException(ref + " is not an image of the OCI archive " + file);
        }
        return new LayoutDestination(archive, archive.refName(), new Member());
    }

    /** Writes index.json with every committed image and renames the archive into place. */
    @Override
    public synchronized void publish() throws IOException {
        List<UnaryOperator<ArrayNode>> all = List.copyOf(entries);
        store.commitIndex(manifests -> {
            ArrayNode result = manifests;
            for (UnaryOperator<ArrayNode> change : all) {
                result = change.apply(result);
            }
            return result;
        });
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    /** The store as one image sees it: shared blobs, a deferred index entry, nothing closed on close. */
    private final class Member implements LayoutStore {
        @Override
        public boolean hasBlob(Descriptor blob) throws IOException {
            return store.hasBlob(blob);
        }

        @Override
        public void writeBlob(Descriptor blob, InputStream content) throws IOException {
            store.writeBlob(blob, content);
        }

        @Override
        public Descriptor writeBlob(String mediaType, InputStream content) throws IOException {
            return store.writeBlob(mediaType, content);
        }

        @Override
        public void commitIndex(UnaryOperator<ArrayNode> change) {
            synchronized (OciArchiveBatch.this) {
                entries.add(change);
            }
        }
    }
}
