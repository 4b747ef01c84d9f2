package dev.skiff.transport;

/**
 * A reference whose blobs live in a store other references share: every tag of one OCI layout,
 * every image of one registry repository, of one OCI archive. Destinations with the same scope see
 * each other's blobs, so a run that writes several images transfers a shared layer once. Without
 * it, a destination shares blobs with no other.
 */
public interface BlobScope {
    /** A name equal for every reference into the same store, e.g. {@code oci:/abs/path}. */
    String blobScope();
}
