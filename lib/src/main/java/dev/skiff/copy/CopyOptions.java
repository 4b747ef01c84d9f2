package dev.skiff.copy;

import dev.skiff.model.Platform;

/**
 * How to copy: {@code all} copies a whole index (else the child for {@code platform}, as skopeo
 * does without --all); {@code parallelism} bounds concurrent blob transfers.
 */
public record CopyOptions(boolean all, Platform platform, int parallelism) {
    public static final int DEFAULT_PARALLELISM = 4;

    public CopyOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (platform == null) {
            platform = Platform.current();
        }
    }

    public static CopyOptions defaults() {
        return new CopyOptions(false, Platform.current(), DEFAULT_PARALLELISM);
    }

    public CopyOptions withAll(boolean value) {
        return new CopyOptions(value, platform, parallelism);
    }
}
