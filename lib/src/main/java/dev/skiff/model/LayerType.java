package dev.skiff.model;

import java.util.List;

/**
 * Layer media types in both formats: their compression, whether they are foreign
 * (non-distributable, fetched by clients from their {@code urls}), and their name in the other
 * format. Media types that are not image layers (attestation payloads, artifacts) are none of
 * these and are never rewritten.
 */
public final class LayerType {
    public static final String DOCKER_LAYER = "application/vnd.docker.image.rootfs.diff.tar";
    public static final String DOCKER_FOREIGN_LAYER = "application/vnd.docker.image.rootfs.foreign.diff.tar";
    public static final String DOCKER_FOREIGN_LAYER_GZIP = "application/vnd.docker.image.rootfs.foreign.diff.tar.gzip";
    public static final String OCI_NONDISTRIBUTABLE = "application/vnd.oci.image.layer.nondistributable.v1.tar";
    public static final String OCI_NONDISTRIBUTABLE_GZIP = OCI_NONDISTRIBUTABLE + "+gzip";
    public static final String OCI_NONDISTRIBUTABLE_ZSTD = OCI_NONDISTRIBUTABLE + "+zstd";

    /** One row per kind of layer: format, compression, foreign, media type. */
    private record Row(ManifestFormat format, Compression compression, boolean foreign, String mediaType) {}

    private static final List<Row> ROWS = List.of(
            new Row(ManifestFormat.OCI, Compression.NONE, false, MediaType.OCI_LAYER),
            new Row(ManifestFormat.OCI, Compression.GZIP, false, MediaType.OCI_LAYER_GZIP),
            new Row(ManifestFormat.OCI, Compression.ZSTD, false, MediaType.OCI_LAYER_ZSTD),
            new Row(ManifestFormat.OCI, Compression.NONE, true, OCI_NONDISTRIBUTABLE),
            new Row(ManifestFormat.OCI, Compression.GZIP, true, OCI_NONDISTRIBUTABLE_GZIP),
            new Row(ManifestFormat.OCI, Compression.ZSTD, true, OCI_NONDISTRIBUTABLE_ZSTD),
            new Row(ManifestFormat.V2S2, Compression.NONE, false, DOCKER_LAYER),
            new Row(ManifestFormat.V2S2, Compression.GZIP, false, MediaType.DOCKER_LAYER_GZIP),
            new Row(ManifestFormat.V2S2, Compression.NONE, true, DOCKER_FOREIGN_LAYER),
            new Row(ManifestFormat.V2S2, Compression.GZIP, true, DOCKER_FOREIGN_LAYER_GZIP));

    private LayerType() {}

    private static Row row(String mediaType) {
        return ROWS.stream()
                .filter(r -> r.mediaType.equals(mediaType))
                .findFirst()
                .orElse(null);
    }

    /** Whether the media type is an image layer (a tar, compressed or not) that Skiff knows. */
    public static boolean isLayer(String mediaType) {
        return row(mediaType) != null;
    }

    /** The layer's compression; null when the media type is not a known layer. */
    public static Compression compression(String mediaType) {
        Row r = row(mediaType);
        return r == null ? null : r.compression;
    }

    /** Docker foreign layers and OCI non-distributable layers: copied by reference, not by bytes. */
    public static boolean isForeign(String mediaType) {
        Row r = row(mediaType);
        return r != null && r.foreign;
    }

    /**
     * The media type for the same kind of layer in {@code format} with {@code compression}; null when
     * the format has none (v2s2 has no zstd) or {@code mediaType} is not a known layer.
     */
    public static String convert(String mediaType, ManifestFormat format, Compression compression) {
        Row r = row(mediaType);
        if (r == null) {
            return null;
        }
        return ROWS.stream()
                .filter(x -> x.format == format && x.compression == compression && x.foreign == r.foreign)
                .map(Row::mediaType)
                .findFirst()
                .orElse(null);
    }
}
