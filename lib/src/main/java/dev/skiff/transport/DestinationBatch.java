package dev.skiff.transport;

import java.io.IOException;

/**
 * Several images being written into one store in one pass (see {@link BatchWriting}). Each
 * image's destination commits into the batch; {@link #publish()} makes them all visible at once.
 * Closed without a publish, nothing was written and what was there before stays as it was.
 */
public interface DestinationBatch extends AutoCloseable {
    /** Where the image {@code ref} names is written; {@code ref} is a reference into this batch's store. */
    ImageDestination destination(ImageReference ref) throws IOException;

    /** Writes the store with every committed image. */
    void publish() throws IOException;

    @Override
    void close() throws IOException;
}
