package dev.skiff.transport;

/**
 * A transport whose places hold many images by name: an OCI layout or archive (ref names), a
 * docker-archive (RepoTags), a tree of dir: folders (relative paths). A sync reads every image of
 * such a store, or writes each image into one, through this alone.
 */
public interface StoreTransport {
    /** The store at {@code location}, written as after {@code name:} (a path, without a tag). */
    ImageStore store(String location);
}
