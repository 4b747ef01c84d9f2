package dev.skiff.transport;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.name.Digest;
import java.io.IOException;
import java.util.List;

/**
 * A destination that can keep an image's referrers. The copy stores each referrer's blobs and
 * manifest ({@link ImageDestination#putBlob}, {@link ImageDestination#putChildManifest}) before the
 * image's own manifest, and calls these after it, before {@link ImageDestination#commit()}. A
 * destination without this capability refuses referrers before anything is written.
 */
public interface ReferrerDestination {
    /**
     * Makes {@code referrers} (already stored) findable as referrers of {@code subject}: a registry
     * with the referrers API needs nothing more; one without gets them merged into the fallback tag
     * index {@code sha256-HEX} (entries already there kept); a layout lists them in index.json.
     */
    void putReferrers(Digest subject, List<Descriptor> referrers) throws IOException;

    /** Stores {@code manifest} under {@code tag} beside the image (cosign's {@code sha256-HEX.sig}), final at commit. */
    void putTaggedManifest(String tag, ManifestDocument manifest) throws IOException;

    /** False for a wrapper whose destination cannot keep referrers (the copy then refuses them before writing). */
    default boolean keepsReferrers() {
        return true;
    }
}
