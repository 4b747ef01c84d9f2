package dev.skiff.transport;

/**
 * What a destination does to layers, as containers/image's {@code DesiredLayerCompression}.
 * {@code COMPRESS} is a preference: with {@code --preserve-digests} the layers stay as they are
 * (skopeo does the same). {@code DECOMPRESS} is a requirement: the destination cannot hold
 * compressed layers, so {@code --preserve-digests} with a compressed source is an error.
 */
public enum LayerCompression {
    /** Layers are stored as the source has them. */
    PRESERVE,
    /** Uncompressed tar layers are gzip-compressed on the way (a new digest and size each). */
    COMPRESS,
    /** gzip layers are decompressed on the way; each digest becomes the layer's diff_id, which is checked. */
    DECOMPRESS
}
