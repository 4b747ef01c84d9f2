package dev.skiff.transport;

import dev.skiff.name.Digest;
import java.util.List;

/**
 * What a delete removed: the manifest's digest, the blobs removed with it (an OCI layout's; none
 * for a registry) and how many lookaside signatures went with a registry's manifest.
 */
public record Deletion(Digest manifest, List<Digest> blobsRemoved, int signaturesRemoved) {
    public Deletion {
        blobsRemoved = List.copyOf(blobsRemoved);
    }

    public Deletion(Digest manifest, List<Digest> blobsRemoved) {
        this(manifest, blobsRemoved, 0);
    }
}
