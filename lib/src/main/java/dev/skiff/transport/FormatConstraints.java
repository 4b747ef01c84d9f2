package dev.skiff.transport;

import dev.skiff.model.ManifestFormat;
import java.util.List;

/**
 * A destination that cannot hold every image as it is, or wants its layers stored another way.
 * The copier reads this before writing anything and rewrites the image to fit (see
 * {@code dev.skiff.copy.ImageRewriter}); a destination without it takes any image unchanged.
 *
 * <ul>
 * <li>An {@code oci:} layout holds OCI manifests only ({@code [OCI]}), so skopeo reads it back, and
 *     wants uncompressed layers gzip-compressed ({@link LayerCompression#COMPRESS}).</li>
 * <li>A registry holds both formats ({@code [OCI, V2S2]}) and gzips uncompressed layers.</li>
 * <li>A {@code docker-archive:} or {@code docker-daemon:} holds v2s2 only ({@code [V2S2]}) and takes
 *     layers as they come ({@link LayerCompression#PRESERVE}): it gunzips them itself.</li>
 * <li>A {@code dir:} holds either format and stores layers as they come.</li>
 * </ul>
 */
public interface FormatConstraints {
    /**
     * The manifest formats this destination can hold. An image already in one of them keeps its
     * format; any other is converted to the first.
     */
    List<ManifestFormat> manifestFormats();

    /** What this destination does to layers by default. */
    LayerCompression layerCompression();

    /**
     * Whether a copy may choose otherwise than {@link #layerCompression()}: as containers/image,
     * a {@code dir:} compresses or decompresses on request ({@code --dest-compress},
     * {@code --dest-decompress}) and an {@code oci:} layout may keep uncompressed layers
     * ({@code --dest-oci-accept-uncompressed-layers}); other destinations keep their way.
     */
    default boolean layerCompressionChoosable() {
        return false;
    }

    /**
     * Null when this destination can hold an index (several platforms at once); otherwise the error
     * a copy of an index raises, before any blob is written ({@code docker-archive:},
     * {@code docker-daemon:} and {@code containers-storage:} hold single images).
     */
    default dev.skiff.SkiffException indexRefusal() {
        return null;
    }
}
