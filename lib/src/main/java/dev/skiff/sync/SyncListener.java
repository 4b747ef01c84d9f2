package dev.skiff.sync;

import dev.skiff.copy.CopyListener;

/** Hears each image as it is planned, copied and finished; called from worker threads. */
public interface SyncListener {
    SyncListener NONE = new SyncListener() {};

    default void planned(int images) {}

    /**
     * An image found out of date starts to copy (again, on a retry); the listener returned hears
     * its blobs (planned, bytes moved, done), so a front can show images in flight with bytes done
     * of total. Not called for images up to date, nor in a dry run.
     */
    default CopyListener copying(SyncItem item) {
        return CopyListener.NONE;
    }

    default void finished(SyncOutcome outcome) {}

    /** The copy of {@code item} carried {@code count} referrers with it (signatures, SBOMs: {@code --referrers}). */
    default void referrersCopied(SyncItem item, int count) {}
}
