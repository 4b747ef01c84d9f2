package dev.skiff.sync;

import dev.skiff.name.Digest;
import java.time.Duration;

/**
 * What happened to one image: copied, skipped as up to date, failed (with the reason, and the
 * failure itself when it was Skiff's, so a front can word its hint), or in a dry run would be
 * copied; {@code bytes} moved (or, in a dry run, the image's size when known).
 */
public record SyncOutcome(SyncItem item, Status status, Digest digest, long bytes, Duration elapsed, String reason,
                          dev.skiff.SkiffException failure) {
    public enum Status { COPIED, SKIPPED, FAILED, WOULD_COPY }

    public SyncOutcome(SyncItem item, Status status, Digest digest, long bytes, Duration elapsed, String reason) {
        this(item, status, digest, bytes, elapsed, reason, null);
    }
}
