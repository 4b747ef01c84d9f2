package dev.skiff.cli.progress;

/** One thing moving (a blob, an image): bytes done of its total, and its current rate. Its owner synchronizes. */
final class Transfer {
    final String name;
    long total;
    long done;
    final RateMeter rate = new RateMeter();

    Transfer(String name, long total, long startNanos) {
        this.name = name;
        this.total = total;
        rate.record(startNanos, 0);
    }

    void progress(long nanos, long bytes) {
        done = bytes;
        rate.record(nanos, bytes);
    }
}
