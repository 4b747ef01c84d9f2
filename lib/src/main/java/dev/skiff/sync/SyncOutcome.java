package dev.skiff.sync;

import dev.skiff.SkiffException;
import dev.skiff.name.Digest;
import java.time.Duration;

/**
 * What happened to one image: copied, skipped as up to date, failed (with the reason, and what
 * kind of failure it was), or in a dry run would be copied; {@code bytes} moved (or, in a dry run,
 * the image's size when known). {@code failure} is null unless the image failed; {@code error} is the
 * failure itself when it was Skiff's, so a front can word its hint (null otherwise).
 */
public record SyncOutcome(
        SyncItem item,
        Status status,
        Digest digest,
        long bytes,
        Duration elapsed,
        String reason,
        Failure failure,
        SkiffException error) {
    public enum Status {
        COPIED,
        SKIPPED,
        FAILED,
        WOULD_COPY
    }

    /** Why an image failed, as a kind a caller can decide on (the reason is for people). */
    public enum Failure {
        /** The source has no such image (a tag deleted since the tags were listed, say); not retried. */
        NOT_FOUND,
        /** The image arrived, but the store it went into is written whole and was not, as another image failed. */
        NOT_PUBLISHED,
        /** Anything else: the reason says what. */
        ERROR
    }

    public SyncOutcome {
        if (status == Status.FAILED && failure == null) {
            failure = Failure.ERROR;
        } else if (status != Status.FAILED) {
            failure = null;
            error = null;
        }
    }

    public SyncOutcome(
            SyncItem item, Status status, Digest digest, long bytes, Duration elapsed, String reason, Failure failure) {
        this(item, status, digest, bytes, elapsed, reason, failure, null);
    }

    /** An outcome with the failure kind implied: {@link Failure#ERROR} when it failed. */
    public SyncOutcome(SyncItem item, Status status, Digest digest, long bytes, Duration elapsed, String reason) {
        this(item, status, digest, bytes, elapsed, reason, null, null);
    }

    /** True when the image failed because the source does not have it. */
    public boolean notFound() {
        return failure == Failure.NOT_FOUND;
    }
}
