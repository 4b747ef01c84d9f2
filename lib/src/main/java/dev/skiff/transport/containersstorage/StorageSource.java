package dev.skiff.transport.containersstorage;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.StoredDigest;
import java.io.IOException;
import java.io.InputStream;

/**
 * An image read out of Podman's store: the OCI archive {@code images/{name}/get} streams, spooled
 * to a temp file (its blobs are read in any order, which needs random access) and read as an
 * {@code oci-archive:}. Closing it deletes the spool (and stops a service started for it alone).
 */
final class StorageSource implements ImageSource, StoredDigest {
    private final ImageReference ref;
    private final ImageSource archive;
    private final Digest stored;
    private final AutoCloseable cleanup;

    /** {@code stored} is the digest Podman keeps for the image (its manifest as it arrived), null if none. */
    StorageSource(ImageReference ref, ImageSource archive, Digest stored, AutoCloseable cleanup) {
        this.ref = ref;
        this.archive = archive;
        this.stored = stored;
        this.cleanup = cleanup;
    }

    @Override
    public Digest storedDigest() {
        return stored;
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    @Override
    public ManifestDocument manifest() throws IOException {
        return archive.manifest();
    }

    @Override
    public ManifestDocument manifest(Descriptor child) throws IOException {
        return archive.manifest(child);
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return archive.openBlob(blob);
    }

    @Override
    public void close() throws IOException {
        try {
            archive.close();
        } finally {
            try {
                cleanup.close();
            } catch (IOException | RuntimeException e) {
                throw e;
            } catch (Exception e) {
                throw new IOException(e);
            }
        }
    }
}
