package dev.skiff.copy;

import dev.skiff.model.ManifestFormat;
import dev.skiff.model.Platform;
import dev.skiff.trust.ocicrypt.LayerCrypto;
import java.util.List;

/**
 * How to copy: {@code all} copies a whole index (else the child for {@code platform}, as skopeo
 * does without --all); {@code parallelism} bounds concurrent blob transfers. {@code format} asks
 * for a manifest format (null: keep it, or what the destination requires); {@code preserveDigests}
 * refuses any change of digest; {@code platforms} copies just those children of an index into a
 * new index; {@code indexOnly} copies an index without its children ({@code --multi-arch index-only});
 * {@code crypto} encrypts or decrypts layers (ocicrypt); {@code compression} asks for layer
 * compression beyond the destination's default; {@code trust} checks the
 * policy and carries, drops or makes signatures; {@code referrers} carries the image's referrers.
 */
public record CopyOptions(
        boolean all,
        Platform platform,
        int parallelism,
        ManifestFormat format,
        boolean preserveDigests,
        List<Platform> platforms,
        boolean indexOnly,
        LayerCrypto crypto,
        LayerCompressionOptions compression,
        TrustSteps trust,
        ReferrerOptions referrers) {
    public static final int DEFAULT_PARALLELISM = 4;

    public CopyOptions {
        if (parallelism < 1) {
            throw new IllegalArgumentException("parallelism must be at least 1, got " + parallelism);
        }
        if (platform == null) {
            platform = Platform.current();
        }
        platforms = platforms == null ? List.of() : List.copyOf(platforms);
        crypto = crypto == null ? LayerCrypto.NONE : crypto;
        compression = compression == null ? LayerCompressionOptions.DEFAULT : compression;
        trust = trust == null ? TrustSteps.NONE : trust;
        referrers = referrers == null ? ReferrerOptions.NONE : referrers;
    }

    public CopyOptions(boolean all, Platform platform, int parallelism) {
        this(all, platform, parallelism, null, false, List.of(), false, null, null, null, null);
    }

    public static CopyOptions defaults() {
        return new CopyOptions(false, Platform.current(), DEFAULT_PARALLELISM);
    }

    public CopyOptions withAll(boolean value) {
        return toBuilder().all(value).build();
    }

    public CopyOptions withPlatform(Platform value) {
        return toBuilder().platform(value).build();
    }

    public CopyOptions withFormat(ManifestFormat value) {
        return toBuilder().format(value).build();
    }

    public CopyOptions withPreserveDigests(boolean value) {
        return toBuilder().preserveDigests(value).build();
    }

    public CopyOptions withPlatforms(List<Platform> value) {
        return toBuilder().platforms(value).build();
    }

    /** An index without its children; an index is copied whole, so it implies {@code all}. */
    public CopyOptions withIndexOnly(boolean value) {
        return toBuilder().indexOnly(value).all(value || all).build();
    }

    /** Encrypts layers for recipients and/or decrypts encrypted layers on the way (ocicrypt). */
    public CopyOptions withCrypto(LayerCrypto value) {
        return toBuilder().crypto(value).build();
    }

    /** These options asking for {@code value}'s layer compression (skopeo's --dest-compress-* flags). */
    public CopyOptions withCompression(LayerCompressionOptions value) {
        return toBuilder().compression(value).build();
    }

    /** These options with the policy check, signatures carried or dropped, and new signatures. */
    public CopyOptions withTrust(TrustSteps value) {
        return toBuilder().trust(value).build();
    }

    /** These options carrying the image's referrers (signatures, SBOMs, attestations) with it. */
    public CopyOptions withReferrers(ReferrerOptions value) {
        return toBuilder().referrers(value).build();
    }

    /**
     * A builder holding these options, to change some: a new option adds its component, one field
     * and one setter here, and no caller changes.
     */
    public Builder toBuilder() {
        Builder b = new Builder();
        b.all = all;
        b.platform = platform;
        b.parallelism = parallelism;
        b.format = format;
        b.preserveDigests = preserveDigests;
        b.platforms = platforms;
        b.indexOnly = indexOnly;
        b.crypto = crypto;
        b.compression = compression;
        b.trust = trust;
        b.referrers = referrers;
        return b;
    }

    /** Copy options step by step; every setter returns the builder. */
    public static final class Builder {
        private boolean all;
        private Platform platform;
        private int parallelism = DEFAULT_PARALLELISM;
        private ManifestFormat format;
        private boolean preserveDigests;
        private List<Platform> platforms = List.of();
        private boolean indexOnly;
        private LayerCrypto crypto;
        private LayerCompressionOptions compression;
        private TrustSteps trust;
        private ReferrerOptions referrers;

        public Builder all(boolean value) {
            all = value;
            return this;
        }

        public Builder platform(Platform value) {
            platform = value;
            return this;
        }

        public Builder parallelism(int value) {
            parallelism = value;
            return this;
        }

        public Builder format(ManifestFormat value) {
            format = value;
            return this;
        }

        public Builder preserveDigests(boolean value) {
            preserveDigests = value;
            return this;
        }

        public Builder platforms(List<Platform> value) {
            platforms = value;
            return this;
        }

        public Builder indexOnly(boolean value) {
            indexOnly = value;
            return this;
        }

        public Builder crypto(LayerCrypto value) {
            crypto = value;
            return this;
        }

        public Builder compression(LayerCompressionOptions value) {
            compression = value;
            return this;
        }

        public Builder trust(TrustSteps value) {
            trust = value;
            return this;
        }

        public Builder referrers(ReferrerOptions value) {
            referrers = value;
            return this;
        }

        public CopyOptions build() {
            return new CopyOptions(
                    all,
                    platform,
                    parallelism,
                    format,
                    preserveDigests,
                    platforms,
                    indexOnly,
                    crypto,
                    compression,
                    trust,
                    referrers);
        }
    }
}
