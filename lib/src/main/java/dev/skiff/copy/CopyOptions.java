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

    public CopyOptions(
            boolean all,
            Platform platform,
            int parallelism,
            ManifestFormat format,
            boolean preserveDigests,
            List<Platform> platforms,
            boolean indexOnly,
            LayerCrypto crypto,
            LayerCompressionOptions compression,
            TrustSteps trust) {
        this(
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
                null);
    }

    public CopyOptions(
            boolean all,
            Platform platform,
            int parallelism,
            ManifestFormat format,
            boolean preserveDigests,
            List<Platform> platforms,
            boolean indexOnly) {
        this(all, platform, parallelism, format, preserveDigests, platforms, indexOnly, null, null, null);
    }

    public CopyOptions(boolean all, Platform platform, int parallelism) {
        this(all, platform, parallelism, null, false, List.of(), false);
    }

    public static CopyOptions defaults() {
        return new CopyOptions(false, Platform.current(), DEFAULT_PARALLELISM);
    }

    public CopyOptions withAll(boolean value) {
        return new CopyOptions(
                value,
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

    public CopyOptions withPlatform(Platform value) {
        return new CopyOptions(
                all,
                value,
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

    public CopyOptions withFormat(ManifestFormat value) {
        return new CopyOptions(
                all,
                platform,
                parallelism,
                value,
                preserveDigests,
                platforms,
                indexOnly,
                crypto,
                compression,
                trust,
                referrers);
    }

    public CopyOptions withPreserveDigests(boolean value) {
        return new CopyOptions(
                all, platform, parallelism, format, value, platforms, indexOnly, crypto, compression, trust, referrers);
    }

    public CopyOptions withPlatforms(List<Platform> value) {
        return new CopyOptions(
                all,
                platform,
                parallelism,
                format,
                preserveDigests,
                value,
                indexOnly,
                crypto,
                compression,
                trust,
                referrers);
    }

    public CopyOptions withIndexOnly(boolean value) {
        return new CopyOptions(
                value || all,
                platform,
                parallelism,
                format,
                preserveDigests,
                platforms,
                value,
                crypto,
                compression,
                trust,
                referrers);
    }

    /** Encrypts layers for recipients and/or decrypts encrypted layers on the way (ocicrypt). */
    public CopyOptions withCrypto(LayerCrypto value) {
        return new CopyOptions(
                all,
                platform,
                parallelism,
                format,
                preserveDigests,
                platforms,
                indexOnly,
                value,
                compression,
                trust,
                referrers);
    }

    /** These options asking for {@code value}'s layer compression (skopeo's --dest-compress-* flags). */
    public CopyOptions withCompression(LayerCompressionOptions value) {
        return new CopyOptions(
                all,
                platform,
                parallelism,
                format,
                preserveDigests,
                platforms,
                indexOnly,
                crypto,
                value,
                trust,
                referrers);
    }

    /** These options with the policy check, signatures carried or dropped, and new signatures. */
    public CopyOptions withTrust(TrustSteps value) {
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
                value,
                referrers);
    }

    /** These options carrying the image's referrers (signatures, SBOMs, attestations) with it. */
    public CopyOptions withReferrers(ReferrerOptions value) {
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
                value);
    }
}
