package dev.skiff.copy;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import java.util.List;

/** Hears a copy's progress; called from worker threads, so implementations must be thread-safe. */
public interface CopyListener {
    CopyListener NONE = new CopyListener() {};

    /**
     * The blobs this copy will move, each once, known before the first starts: a front can show
     * "2 of 5 blobs, 3.1 MiB of 12.0 MiB" from the start instead of a total that grows.
     */
    default void blobsPlanned(List<Descriptor> blobs) {}

    default void blobStarted(Descriptor blob) {}

    /** Bytes of this blob transferred so far. */
    default void blobProgress(Descriptor blob, long bytes) {}

    default void blobDone(Descriptor blob, BlobOutcome outcome) {}

    default void manifestWritten(ManifestDocument manifest) {}
}
