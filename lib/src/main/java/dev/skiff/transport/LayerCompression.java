package dev.skiff.transport;

/**
 * What the copier does to layers for a destination, as containers/image's
 * {@code DesiredLayerCompression}. {@code COMPRESS} is a preference: with {@code --preserve-digests}
 * the layers stay as they are (skopeo does the same). There is no "decompress": the one destination
 * that stores plain tars (docker save, for {@code docker-archive:} and {@code docker-daemon:})
 * decompresses itself, by the layer's first bytes, and checks each against its diff_id.
 */
public enum LayerCompression {
    /** Layers are stored as the source has them. */
    PRESERVE,
    /** Uncompressed tar layers are gzip-compressed on the way (a new digest and size each). */
    COMPRESS
}
