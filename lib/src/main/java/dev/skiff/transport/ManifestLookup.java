package dev.skiff.transport;

import dev.skiff.model.Descriptor;
import java.io.IOException;
import java.util.Optional;

/**
 * A reference whose manifest descriptor can be found without reading the image: a HEAD in a
 * registry (which does not count as a pull), index.json in a layout or archive, the hash of
 * manifest.json in a dir: image. A sync compares these to decide "up to date" with no manifest
 * GET, so an implementation makes no more requests than that one look-up.
 */
public interface ManifestLookup {
    /**
     * The descriptor of the manifest the reference names (its media type may be unknown, null);
     * empty when there is no such image, which is how "not found" is said here.
     */
    Optional<Descriptor> head(TransportOptions options) throws IOException;
}
