package dev.skiff.transport;

import java.io.IOException;

/**
 * A reference into a store that is written whole (an archive file): writing its images one at a
 * time would rewrite the file for each, so a run that writes several opens one
 * {@link DestinationBatch} per store, writes every image through it and publishes it once.
 */
public interface BatchWriting {
    /** A name equal for every reference into the same store (the batch is shared by them). */
    String batchStore();

    /** Starts writing the store; nothing is visible until {@link DestinationBatch#publish()}. */
    DestinationBatch openBatch(TransportOptions options) throws IOException;
}
