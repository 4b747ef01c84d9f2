package dev.skiff.cli;

import dev.skiff.copy.LayerCompressionOptions;
import dev.skiff.transport.TransportOptions;
import java.nio.file.Path;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * copy's flags for what is written: the digest file, more names in a docker-archive, and skopeo's
 * layer compression choices ({@code --dest-compress-format gzip|zstd|zstd:chunked},
 * {@code --dest-compress-level}, {@code --dest-compress}/{@code --dest-decompress} for dir:,
 * {@code --dest-oci-accept-uncompressed-layers} for oci:).
 */
final class CopyOutputOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--digestfile",
            paramLabel = "PATH",
            description = "Write the digest of the written manifest to PATH (as skopeo: sha256:HEX, no newline).")
    Path digestFile;

    @Option(
            names = "--additional-tag",
            paramLabel = "NAME:TAG",
            split = ",",
            description = "More names for the image in a docker-archive: destination (repeatable; its RepoTags).")
    List<String> additionalTags;

    @Option(
            names = "--dest-compress",
            description =
                    "Compress uncompressed layers written to a dir: destination (default: as the source has them).")
    boolean compress;

    @Option(
            names = "--dest-decompress",
            description = "Decompress layers written to a dir: destination (default: as the source has them).")
    boolean decompress;

    @Option(
            names = "--dest-compress-format",
            paramLabel = "FORMAT",
            description =
                    "gzip, zstd or zstd:chunked (written as zstd): compress layers so; compressed layers are re-compressed.")
    String compressFormat;

    @Option(
            names = "--dest-compress-level",
            paramLabel = "LEVEL",
            description = "Compression level (gzip 0-9, zstd 1-22; default: the format's own).")
    Integer compressLevel;

    @Option(
            names = "--dest-oci-accept-uncompressed-layers",
            description = "Keep uncompressed layers uncompressed in an oci: destination (default: gzip them).")
    boolean acceptUncompressed;

    @Option(
            names = "--dest-precompute-digests",
            description =
                    "Accepted for skopeo compatibility: Skiff always knows a layer's digest before it uploads it, and skips layers the registry has.")
    boolean precomputeDigests;

    /** The compression asked for, checked as skopeo checks it. */
    LayerCompressionOptions compression() {
        try {
            return new LayerCompressionOptions(
                    compressFormat == null ? null : LayerCompressionOptions.parseFormat(compressFormat),
                    compressLevel,
                    compress,
                    decompress,
                    acceptUncompressed);
        } catch (IllegalArgumentException e) {
            throw new ParameterException(mixee.commandLine(), e.getMessage());
        }
    }

    /** The destination's options with the additional tags. */
    TransportOptions destination(TransportOptions options) {
        if (additionalTags == null || additionalTags.isEmpty()) {
            return options;
        }
        return options.withExtras(options.extras().withAdditionalTags(additionalTags));
    }

    /** Writes {@code digest} to --digestfile, when given (skopeo writes it without a newline). */
    void writeDigest(String digest) throws java.io.IOException {
        if (digestFile != null) {
            java.nio.file.Files.writeString(digestFile, digest);
        }
    }
}
