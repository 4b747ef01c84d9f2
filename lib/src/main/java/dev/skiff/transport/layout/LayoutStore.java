package dev.skiff.transport.layout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.model.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.util.function.UnaryOperator;

/**
 * Where {@link LayoutDestination} writes an OCI layout: a directory, or an archive being streamed.
 * Blobs may arrive from several threads; the index is written last, once.
 */
public interface LayoutStore extends AutoCloseable {
    boolean hasBlob(Descriptor blob) throws IOException;

    /** Stores a blob under its digest; {@code content} is read to its end (and so verified) first. */
    void writeBlob(Descriptor blob, InputStream content) throws IOException;

    /**
     * Stores a blob whose digest and size are known only after its last byte (a layer compressed or
     * decompressed on the way), hashing it while it is written; returns its sha256 descriptor with
     * {@code mediaType}. When reading {@code content} throws, nothing is stored.
     */
    Descriptor writeBlob(String mediaType, InputStream content) throws IOException;

    /** Applies {@code change} to index.json's manifests and makes the result (and every blob) visible. */
    void commitIndex(UnaryOperator<ArrayNode> change) throws IOException;

    @Override
    default void close() throws IOException {}
}
