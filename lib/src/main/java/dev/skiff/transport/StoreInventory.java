package dev.skiff.transport;

import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A source that is a store of several images (an OCI layout or archive) and can list what it
 * holds, so a deep check can walk all of it and name blobs that nothing references.
 */
public interface StoreInventory {
    /** True when the reference names the whole store (no tag), not one image in it. */
    boolean wholeStore();

    /** Every top-level entry (index.json's manifests), in order. */
    List<Descriptor> entries() throws IOException;

    /** The digest of every blob stored, referenced or not. */
    Set<Digest> storedBlobs() throws IOException;
}
