package dev.skiff.transport;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import java.io.IOException;
import java.io.InputStream;

/**
 * Writes one image (or index) where the reference points. Blobs first, then child manifests,
 * then the top-level manifest, then {@link #commit()}; nothing is visible under its final name
 * before its bytes are complete and verified.
 */
public interface ImageDestination extends AutoCloseable {
    ImageReference reference();

    boolean hasBlob(Descriptor blob) throws IOException;

    /**
     * Stores a blob. {@code content} is a verifying stream: the destination reads it to the end
     * (which is when a wrong digest or size throws) before it publishes the blob under its digest.
     */
    void putBlob(Descriptor blob, InputStream content) throws IOException;

    /** Stores a manifest that an index lists, addressed by digest only. */
    void putChildManifest(ManifestDocument manifest) throws IOException;

    /** Stores the manifest the reference names (under its tag, if it has one). */
    void putManifest(ManifestDocument manifest) throws IOException;

    /** Makes the written image visible (a layout's index.json); a no-op where put was already final. */
    void commit() throws IOException;

    @Override
    void close() throws IOException;
}
