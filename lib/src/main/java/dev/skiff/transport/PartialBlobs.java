package dev.skiff.transport;

import dev.skiff.name.Digest;
import java.io.IOException;
import java.util.Optional;

/**
 * A source that may lack blobs on purpose: a delta bundle (an OCI layout or archive written by
 * {@code sync --delta-from}) carries every manifest but only the blobs its inventory said the
 * destination lacked. A copy from it checks, before writing any manifest, that the destination
 * holds each blob the bundle left out.
 */
public interface PartialBlobs {
    /** The digest of the inventory the bundle was made against, when it is a delta bundle; else empty. */
    Optional<String> deltaInventory() throws IOException;

    /** True when the bundle itself carries this blob. */
    boolean carries(Digest blob) throws IOException;
}
