package dev.skiff.copy;

import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import java.time.Duration;
import java.util.List;

/**
 * What a copy did: the digest of the manifest written at the destination, the platform chosen
 * from an index (null when none was chosen), and blob counts and bytes. {@code sourceDigest} is the
 * digest of what was copied as the source has it; {@code changes} say why {@code digest} differs
 * from it (a format conversion, compressed layers, an index of fewer platforms), empty when not;
 * {@code referrers} counts the referrers copied with the image ({@link ReferrerOptions}).
 */
public record CopyResult(
        Digest digest,
        String mediaType,
        Platform chosenPlatform,
        int copied,
        int skipped,
        int mounted,
        long bytes,
        Duration elapsed,
        Digest sourceDigest,
        List<String> changes,
        int referrers) {
    public CopyResult {
        changes = changes == null ? List.of() : List.copyOf(changes);
    }

    /** A result without referrers copied. */
    public CopyResult(
            Digest digest,
            String mediaType,
            Platform chosenPlatform,
            int copied,
            int skipped,
            int mounted,
            long bytes,
            Duration elapsed,
            Digest sourceDigest,
            List<String> changes) {
        this(digest, mediaType, chosenPlatform, copied, skipped, mounted, bytes, elapsed, sourceDigest, changes, 0);
    }
}
