package dev.skiff.cli.progress;

import java.util.ArrayDeque;

/**
 * The current rate of a transfer: bytes moved over the last few seconds, not the average since the
 * start (which hides a stall for minutes on a long copy). Not thread-safe; its owner synchronizes.
 */
final class RateMeter {
    /** How far back the rate looks. */
    static final long WINDOW_NANOS = 3_000_000_000L;

    private final ArrayDeque<long[]> samples = new ArrayDeque<>();

    /** {@code bytes} moved in all by {@code nanos} (the clock's time). */
    void record(long nanos, long bytes) {
        samples.addLast(new long[] {nanos, bytes});
        // keep one sample at or before the window's start, so the rate spans the whole window
        while (samples.size() > 2 && second()[0] <= nanos - WINDOW_NANOS) {
            samples.removeFirst();
        }
    }

    /**
     * Bytes per second at {@code nanos}, over the window: the bytes since the oldest sample kept,
     * divided by the time since it, so a stalled transfer's rate falls towards zero.
     */
    double perSecond(long nanos) {
        if (samples.size() < 2) {
            return 0;
        }
        long[] first = samples.peekFirst();
        long[] last = samples.peekLast();
        long elapsed = nanos - first[0];
        return elapsed <= 0 ? 0 : (last[1] - first[1]) * 1e9 / elapsed;
    }

    private long[] second() {
        var it = samples.iterator();
        it.next();
        return it.next();
    }
}
