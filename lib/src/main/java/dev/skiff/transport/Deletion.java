package dev.skiff.transport;

import dev.skiff.name.Digest;
import java.util.List;

/** What a delete removed: the manifest's digest, and the blobs removed with it (an OCI layout's; none for a registry). */
public record Deletion(Digest manifest, List<Digest> blobsRemoved) {
    public Deletion {
        blobsRemoved = List.copyOf(blobsRemoved);
    }
}
