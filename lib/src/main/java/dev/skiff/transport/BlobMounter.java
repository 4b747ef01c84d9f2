package dev.skiff.transport;

import dev.skiff.model.Descriptor;
import java.io.IOException;

/** A destination that can link a blob from another repository in the same store, without moving bytes. */
public interface BlobMounter {
    /** True when the blob is now in the destination; false when a mount was not possible (copy it instead). */
    boolean mount(Descriptor blob, ImageReference from) throws IOException;
}
