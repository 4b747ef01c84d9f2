package dev.skiff.transport.layout;

import dev.skiff.model.Descriptor;
import java.io.IOException;
import java.io.InputStream;

/**
 * Where an OCI layout's files are read from: a directory ({@code oci:}) or a tar of one
 * ({@code oci-archive:}). {@link LayoutSource} reads images through this, so both transports share
 * the index rules, tag selection and error messages.
 */
public interface LayoutFiles extends AutoCloseable {
    /** For messages: {@code the OCI layout at DIR}, {@code the OCI archive FILE}. */
    String describe();

    /** The reference to suggest for a tag, without it: {@code oci:DIR}, {@code oci-archive:FILE}. */
    String referencePrefix();

    /** The bytes of index.json, read up to the manifest bound. */
    byte[] readIndex() throws IOException;

    /** A blob's stored bytes, unverified; a missing blob is an error naming it and the layout. */
    InputStream openBlob(Descriptor blob) throws IOException;

    /** The digest of every file under {@code blobs/ALG/}, referenced or not. */
    java.util.Set<dev.skiff.name.Digest> storedBlobs() throws IOException;

    @Override
    default void close() throws IOException {}
}
