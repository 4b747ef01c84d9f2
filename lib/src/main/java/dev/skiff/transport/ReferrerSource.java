package dev.skiff.transport;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.name.Digest;
import java.io.IOException;
import java.util.List;
import java.util.Optional;

/**
 * A source that can say which manifests refer to an image (OCI distribution 1.1 "referrers": the
 * registry's referrers API, else its fallback tag {@code sha256-HEX}; a layout's index.json) and
 * read manifests under tags beside it (cosign's {@code sha256-HEX.sig}). A source without this
 * capability has no referrers. What it lists is untrusted: the copy reads each manifest by digest
 * and checks its {@code subject}.
 */
public interface ReferrerSource {
    /**
     * Descriptors of the manifests whose {@code subject} is {@code subject} (empty when none). With
     * {@code artifactTypes} non-empty the source may list only those; the caller filters again.
     */
    List<Descriptor> referrers(Digest subject, List<String> artifactTypes) throws IOException;

    /** The manifest tagged {@code tag} beside the image (in its repository or layout), empty when there is none. */
    Optional<ManifestDocument> taggedManifest(String tag) throws IOException;
}
