package dev.skiff.transport;

import java.io.IOException;

/** A reference whose image can be deleted where it lives (a registry manifest, an OCI layout tag). */
public interface ImageDeleter {
    /**
     * Deletes the image the reference names, and the signatures kept beside it where there are
     * such (a registry's lookaside, found through {@code signatures}); what was deleted comes back.
     */
    Deletion delete(TransportOptions options, SignatureOptions signatures) throws IOException;
}
