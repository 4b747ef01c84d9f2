package dev.skiff.copy;

import dev.skiff.model.ManifestFormat;
import dev.skiff.model.Platform;
import java.util.List;

/**
 * How to copy: {@code all} copies a whole index (else the child for {@code platform}, as skopeo
 * does without --all); {@code parallelism} bounds concurrent blob transfers. {@code format} asks
 * for a manifest format (null: keep it, or what the destination requires); {@code preserveDigests}
 * refuses any change of digest; {@code platforms} copies just those children of an index into a
 * new index; {@code indexOnly} copies an index without its children ({@code --multi-arch index-only}).
 */
public record CopyOptions(
        boolean all,
        Platform platform,
        int parallelism,
        ManifestFormat format,
        boolean preserveDigests,
        List<Platform> platforms,
        boolean indexOnly,
        TrustSteps trust) {
    public static final int DEFAULT_PARALLELISM = 4;

    public CopyOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (platform == null) {
            platform = Platform.current();
        }
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        trust = trust == null ? TrustSteps.NONE : trust;
    }

    public CopyOptions(
            boolean all,
            Platform platform,
            int parallelism,
            ManifestFormat format,
            boolean preserveDigests,
            List<Platform> platforms,
            boolean indexOnly) {
        this(all, platform, parallelism, format, preserveDigests, platforms, indexOnly, TrustSteps.NONE);
    }

    public CopyOptions(boolean all, Platform platform, int parallelism) {
        this(all, platform, parallelism, null, false, List.of(), false);
    }

    public static CopyOptions defaults() {
        return new CopyOptions(false, Platform.current(), DEFAULT_PARALLELISM);
    }

    public CopyOptions withAll(boolean value) {
        return new CopyOptions(value, platform, parallelism, format, preserveDigests, platforms, indexOnly, trust);
    }

    public CopyOptions withPlatform(Platform value) {
        return new CopyOptions(all, value, parallelism, format, preserveDigests, platforms, indexOnly, trust);
    }

    public CopyOptions withFormat(ManifestFormat value) {
        return new CopyOptions(all, platform, parallelism, value, preserveDigests, platforms, indexOnly, trust);
    }

    public CopyOptions withPreserveDigests(boolean value) {
        return new CopyOptions(all, platform, parallelism, format, value, platforms, indexOnly, trust);
    }

    public CopyOptions withPlatforms(List<Platform> value) {
        return new CopyOptions(all, platform, parallelism, format, preserveDigests, value, indexOnly, trust);
    }

    public CopyOptions withIndexOnly(boolean value) {
        return new CopyOptions(value || all, platform, parallelism, format, preserveDigests, platforms, value, trust);
    }

    /** These options with the policy check, signatures carried or dropped, and new signatures. */
    public CopyOptions withTrust(TrustSteps value) {
        return new CopyOptions(all, platform, parallelism, format, preserveDigests, platforms, indexOnly, value);
    }
}
