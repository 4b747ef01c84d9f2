package dev.skiff.sync;

import dev.skiff.transport.BatchWriting;
import dev.skiff.transport.DestinationBatch;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Stores written whole (archive files) in one sync run: every image of the run that goes into one
 * is written through one {@link DestinationBatch} of it (see {@link BatchWriting}), published by
 * {@link #finish} only when no image failed, so a failed or partial run leaves the store that was
 * there untouched.
 */
final class SyncBatches implements AutoCloseable {
    private final String location;
    private final Map<String, DestinationBatch> open = new LinkedHashMap<>();
    private final Set<ImageReference> batched = ConcurrentHashMap.newKeySet();

    /** {@code location} names the destination in the reason given to images not written. */
    SyncBatches(String location) {
        this.location = location;
    }

    /** Where {@code ref}'s image is written: into the run's batch of its store (opened on first use). */
    ImageDestination destination(BatchWriting store, ImageReference ref, TransportOptions options) throws IOException {
        DestinationBatch batch;
        synchronized (this) {
            batch = open.get(store.batchStore());
            if (batch == null) {
                batch = store.openBatch(options);
                open.put(store.batchStore(), batch);
            }
        }
        batched.add(ref);
        return batch.destination(ref);
    }

    /**
     * Publishes every store when every image arrived. When one failed, images copied into a store
     * are reported as not published (none of them was written), and the store that was there stays.
     */
    List<SyncOutcome> finish(List<SyncOutcome> outcomes, boolean stoppedEarly) throws IOException {
        List<DestinationBatch> pending;
        synchronized (this) {
            pending = new ArrayList<>(open.values());
        }
        if (pending.isEmpty()) {
            return outcomes;
        }
        long failed = outcomes.stream()
                .filter(o -> o.status() == SyncOutcome.Status.FAILED)
                .count();
        if (failed == 0 && !stoppedEarly) {
            for (DestinationBatch batch : pending) {
                batch.publish();
            }
            return outcomes;
        }
        String reason = "not written: the archive " + location + " is published only when every image arrives ("
                + (failed == 0 ? "the run stopped early" : failed + " failed")
                + "); the archive that was there is unchanged";
        return outcomes.stream()
                .map(o -> o.status() != SyncOutcome.Status.COPIED
                                || !batched.contains(o.item().destination())
                        ? o
                        : new SyncOutcome(
                                o.item(),
                                SyncOutcome.Status.FAILED,
                                null,
                                0,
                                o.elapsed(),
                                reason,
                                SyncOutcome.Failure.NOT_PUBLISHED))
                .toList();
    }

    @Override
    public synchronized void close() throws IOException {
        IOException first = null;
        for (DestinationBatch batch : open.values()) {
            try {
                batch.close();
            } catch (IOException e) {
                first = first == null ? e : first;
            }
        }
        open.clear();
        if (first != null) {
            throw first;
        }
    }
}
