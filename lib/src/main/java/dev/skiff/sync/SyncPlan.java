package dev.skiff.sync;

import dev.skiff.model.Platform;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * What to mirror, as an immutable value: sources, one destination, and how (skopeo's naming with
 * {@code scoped} and {@code suffix}, {@code all} platforms, one, or a list of {@code platforms} (just
 * those images of an index, in a new index, as {@code copy --platform}), images in {@code parallel}, a
 * {@code perRegistry} cap on requests in flight against one registry, {@code dryRun},
 * {@code keepGoing}, {@code retryTimes}), and an optional {@code rename} that maps a source repository
 * path ({@code team/web}) to its destination path, replacing skopeo's naming when given, and the
 * {@code shard} of its images one run takes ({@link Shard}; the whole plan unless given).
 * The CLI, the YAML reader and the DSL all build one, through {@link #to} or {@link #toBuilder}: a
 * feature adds its component here and its setter to the builder, and no caller changes.
 */
public record SyncPlan(
        List<SyncSource> sources,
        SyncDestination destination,
        boolean scoped,
        String suffix,
        boolean all,
        Platform platform,
        int parallel,
        int perRegistry,
        boolean dryRun,
        boolean keepGoing,
        int retryTimes,
        UnaryOperator<String> rename,
        List<Platform> platforms,
        dev.skiff.trust.ocicrypt.LayerCrypto crypto,
        dev.skiff.model.ManifestFormat format,
        dev.skiff.copy.TrustSteps trust,
        dev.skiff.copy.ReferrerOptions referrers,
        dev.skiff.delta.DeltaFrom deltaFrom,
        Shard shard) {
    public static final int DEFAULT_PARALLEL = 8;
    public static final int DEFAULT_PER_REGISTRY = 8;

    public SyncPlan {
        sources = List.copyOf(sources);
        Objects.requireNonNull(destination, "destination");
        suffix = suffix == null ? "" : suffix;
        platform = platform == null ? Platform.current() : platform;
        if (parallel < 1 || perRegistry < 1) {
            throw new IllegalArgumentException(
                    "parallel and perRegistry must be at least 1, got " + parallel + " and " + perRegistry);
        }
        if (retryTimes < 0) {
            throw new IllegalArgumentException("retryTimes must not be negative, got " + retryTimes);
        }
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        if (all && !platforms.isEmpty()) {
            throw new IllegalArgumentException("all platforms or a list of platforms, not both");
        }
        crypto = crypto == null ? dev.skiff.trust.ocicrypt.LayerCrypto.NONE : crypto;
        trust = trust == null ? dev.skiff.copy.TrustSteps.NONE : trust;
        referrers = referrers == null ? dev.skiff.copy.ReferrerOptions.NONE : referrers;
        shard = shard == null ? Shard.WHOLE : shard;
    }

    public SyncPlan withCrypto(dev.skiff.trust.ocicrypt.LayerCrypto value) {
        return toBuilder().crypto(value).build();
    }

    public SyncPlan withFormat(dev.skiff.model.ManifestFormat value) {
        return toBuilder().format(value).build();
    }

    public SyncPlan withTrust(dev.skiff.copy.TrustSteps value) {
        return toBuilder().trust(value).build();
    }

    /** This plan carrying each image's referrers (signatures, SBOMs, attestations) with it. */
    public SyncPlan withReferrers(dev.skiff.copy.ReferrerOptions value) {
        return toBuilder().referrers(value).build();
    }

    /** This plan writing a delta bundle against {@code value} (null: a full one). */
    public SyncPlan withDeltaFrom(dev.skiff.delta.DeltaFrom value) {
        return toBuilder().deltaFrom(value).build();
    }

    /** This plan running only the part {@code value} of its images ({@code sync --shard I/N}); null runs it whole. */
    public SyncPlan withShard(Shard value) {
        return toBuilder().shard(value).build();
    }

    public static Builder to(SyncDestination destination) {
        return new Builder(destination);
    }

    /** A builder holding this plan's values, to change a few of them. */
    public Builder toBuilder() {
        return new Builder(destination)
                .sources(sources)
                .scoped(scoped)
                .suffix(suffix)
                .all(all)
                .platform(platform)
                .parallel(parallel)
                .perRegistry(perRegistry)
                .dryRun(dryRun)
                .keepGoing(keepGoing)
                .retryTimes(retryTimes)
                .rename(rename)
                .platforms(platforms)
                .crypto(crypto)
                .format(format)
                .trust(trust)
                .referrers(referrers)
                .deltaFrom(deltaFrom)
                .shard(shard);
    }

    /** Builds a plan step by step; every setter returns the builder. */
    public static final class Builder {
        private final List<SyncSource> sources = new ArrayList<>();
        private final SyncDestination destination;
        private boolean scoped;
        private String suffix = "";
        private boolean all;
        private Platform platform;
        private int parallel = DEFAULT_PARALLEL;
        private int perRegistry = DEFAULT_PER_REGISTRY;
        private boolean dryRun;
        private boolean keepGoing;
        private int retryTimes;
        private UnaryOperator<String> rename;
        private List<Platform> platforms = List.of();
        private dev.skiff.trust.ocicrypt.LayerCrypto crypto;
        private dev.skiff.model.ManifestFormat format;
        private dev.skiff.copy.TrustSteps trust;
        private dev.skiff.copy.ReferrerOptions referrers;
        private dev.skiff.delta.DeltaFrom deltaFrom;
        private Shard shard;

        private Builder(SyncDestination destination) {
            this.destination = destination;
        }

        public Builder source(SyncSource source) {
            sources.add(source);
            return this;
        }

        public Builder sources(List<? extends SyncSource> more) {
            sources.addAll(more);
            return this;
        }

        public Builder scoped(boolean value) {
            scoped = value;
            return this;
        }

        public Builder suffix(String value) {
            suffix = value;
            return this;
        }

        public Builder all(boolean value) {
            all = value;
            return this;
        }

        public Builder platform(Platform value) {
            platform = value;
            return this;
        }

        public Builder parallel(int value) {
            parallel = value;
            return this;
        }

        public Builder perRegistry(int value) {
            perRegistry = value;
            return this;
        }

        public Builder dryRun(boolean value) {
            dryRun = value;
            return this;
        }

        public Builder keepGoing(boolean value) {
            keepGoing = value;
            return this;
        }

        public Builder retryTimes(int value) {
            retryTimes = value;
            return this;
        }

        /** Maps a source repository path to its destination path; null keeps skopeo's naming. */
        public Builder rename(UnaryOperator<String> value) {
            rename = value;
            return this;
        }

        /** Just these images of each index, in a new index; empty for {@link #platform} or {@link #all}. */
        public Builder platforms(List<Platform> value) {
            platforms = value;
            return this;
        }

        /** The manifest format to write (null: each image's own). */
        public Builder format(dev.skiff.model.ManifestFormat value) {
            format = value;
            return this;
        }

        /** Encrypts and/or decrypts layers on the way (ocicrypt). */
        public Builder crypto(dev.skiff.trust.ocicrypt.LayerCrypto value) {
            crypto = value;
            return this;
        }

        /** Policy checks and signing on the way. */
        public Builder trust(dev.skiff.copy.TrustSteps value) {
            trust = value;
            return this;
        }

        /** Carries each image's referrers with it. */
        public Builder referrers(dev.skiff.copy.ReferrerOptions value) {
            referrers = value;
            return this;
        }

        /** Writes a delta bundle: only the blobs this inventory lacks (null: every blob). */
        public Builder deltaFrom(dev.skiff.delta.DeltaFrom value) {
            deltaFrom = value;
            return this;
        }

        /** Only this part of the plan's images (null: all of them). */
        public Builder shard(Shard value) {
            shard = value;
            return this;
        }

        public SyncPlan build() {
            return new SyncPlan(
                    sources,
                    destination,
                    scoped,
                    suffix,
                    all,
                    platform,
                    parallel,
                    perRegistry,
                    dryRun,
                    keepGoing,
                    retryTimes,
                    rename,
                    platforms,
                    crypto,
                    format,
                    trust,
                    referrers,
                    deltaFrom,
                    shard);
        }
    }
}
