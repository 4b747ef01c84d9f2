package dev.skiff.copy;

import dev.skiff.model.Compression;
import java.util.Locale;

/**
 * What a copy asks of layer compression beyond what the destination does by default, as skopeo's
 * {@code --dest-compress-format}, {@code --dest-compress-level}, {@code --dest-compress},
 * {@code --dest-decompress} and {@code --dest-oci-accept-uncompressed-layers}:
 * {@code format} is the compression for layers the copy compresses (null: gzip), and layers
 * compressed otherwise are re-compressed into it; {@code level} its level (null: the codec's
 * default); {@code compress} and {@code decompress} apply to destinations that store layers as they
 * come ({@code dir:}); {@code acceptUncompressed} lets a destination that compresses by default
 * ({@code oci:}) keep uncompressed layers. As in containers/image, a destination that does not
 * offer the choice ignores these last three.
 */
public record LayerCompressionOptions(
        Compression format, Integer level, boolean compress, boolean decompress, boolean acceptUncompressed) {
    public static final LayerCompressionOptions DEFAULT = new LayerCompressionOptions(null, null, false, false, false);

    public LayerCompressionOptions {
        if (format == Compression.NONE) {
            throw new IllegalArgumentException("a compression format cannot be none; ask to decompress instead");
        }
        if (compress && decompress) {
            throw new IllegalArgumentException("layers cannot be both compressed and decompressed; choose one");
        }
        if (level != null) {
            Compression f = format == null ? Compression.GZIP : format;
            int max = f == Compression.ZSTD ? 22 : 9;
            int min = f == Compression.ZSTD ? 1 : 0;
            if (level < min || level > max) {
                throw new IllegalArgumentException("compression level " + level + " is out of range for "
                        + f.name().toLowerCase(Locale.ROOT) + " (" + min + " to " + max + ")");
            }
        }
    }

    /**
     * skopeo's format names: {@code gzip}, {@code zstd}, and {@code zstd:chunked}, which is written
     * as plain zstd here (a zstd:chunked layer is a zstd stream with a table of contents; without
     * it, every zstd reader still reads the layer).
     */
    public static Compression parseFormat(String name) {
        return switch (name.toLowerCase(Locale.ROOT)) {
            case "gzip" -> Compression.GZIP;
            case "zstd", "zstd:chunked" -> Compression.ZSTD;
            default ->
                throw new IllegalArgumentException(
                        "unknown compression format \"" + name + "\": use gzip, zstd or zstd:chunked");
        };
    }

    public LayerCompressionOptions withFormat(Compression value) {
        return new LayerCompressionOptions(value, level, compress, decompress, acceptUncompressed);
    }

    public LayerCompressionOptions withLevel(Integer value) {
        return new LayerCompressionOptions(format, value, compress, decompress, acceptUncompressed);
    }

    public LayerCompressionOptions withCompress(boolean value) {
        return new LayerCompressionOptions(format, level, value, decompress, acceptUncompressed);
    }

    public LayerCompressionOptions withDecompress(boolean value) {
        return new LayerCompressionOptions(format, level, compress, value, acceptUncompressed);
    }

    public LayerCompressionOptions withAcceptUncompressed(boolean value) {
        return new LayerCompressionOptions(format, level, compress, decompress, value);
    }

    /** The compression of layers this copy compresses. */
    Compression target() {
        return format == null ? Compression.GZIP : format;
    }
}
