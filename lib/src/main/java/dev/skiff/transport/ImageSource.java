package dev.skiff.transport;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import java.io.IOException;
import java.io.InputStream;

/** Reads one image (or index) and its blobs from where it is stored. */
public interface ImageSource extends AutoCloseable {
    ImageReference reference();

    /** The manifest the reference names (an index when it names one). */
    ManifestDocument manifest() throws IOException;

    /** A manifest the top-level index lists; its bytes are checked against {@code child.digest()}. */
    ManifestDocument manifest(Descriptor child) throws IOException;

    /**
     * The blob's bytes as stored, unverified. Readers go through
     * {@link dev.skiff.io.VerifyingInputStream}, which caps the size and checks the digest.
     */
    InputStream openBlob(Descriptor blob) throws IOException;

    @Override
    void close() throws IOException;
}
