package dev.skiff.copy;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;

/** Hears a copy's progress; called from worker threads, so implementations must be thread-safe. */
public interface CopyListener {
    CopyListener NONE = new CopyListener() {};

    default void blobStarted(Descriptor blob) {}

    /** Bytes of this blob transferred so far. */
    default void blobProgress(Descriptor blob, long bytes) {}

    default void blobDone(Descriptor blob, BlobOutcome outcome) {}

    default void manifestWritten(ManifestDocument manifest) {}
}
