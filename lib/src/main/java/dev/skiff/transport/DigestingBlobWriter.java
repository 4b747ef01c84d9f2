package dev.skiff.transport;

import dev.skiff.model.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/**
 * A destination that can store a blob whose digest and size are known only after its last byte:
 * it hashes while it writes and publishes the blob under that digest at the end (a layout renames
 * its temp file). With it, the copier compresses or decompresses a layer straight into the
 * destination; without it, the rewritten bytes are spooled to a temp file first, because
 * {@link ImageDestination#putBlob} needs the digest before the body.
 */
public interface DigestingBlobWriter {
    /**
     * Stores {@code content} to its end and returns its descriptor (sha256 digest, size, and
     * {@code mediaType}). When reading {@code content} throws, nothing is published.
     */
    Descriptor putBlob(String mediaType, InputStream content) throws IOException;
}
