package dev.skiff.sync;

/** Hears each image as it is planned and finished; called from worker threads. */
public interface SyncListener {
    SyncListener NONE = new SyncListener() {};

    default void planned(int images) {}

    default void finished(SyncOutcome outcome) {}

    /** The copy of {@code item} carried {@code count} referrers with it (signatures, SBOMs: {@code --referrers}). */
    default void referrersCopied(SyncItem item, int count) {}
}
