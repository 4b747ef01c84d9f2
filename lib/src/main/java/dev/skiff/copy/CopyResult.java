package dev.skiff.copy;

import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import java.time.Duration;

/**
 * What a copy did: the digest of the manifest written at the destination, the platform chosen
 * from an index (null when none was chosen), and blob counts and bytes.
 */
public record CopyResult(Digest digest, String mediaType, Platform chosenPlatform, int copied, int skipped,
                         int mounted, long bytes, Duration elapsed) {
}
