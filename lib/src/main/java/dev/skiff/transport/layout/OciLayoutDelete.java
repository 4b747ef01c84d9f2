package dev.skiff.transport.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.InvalidManifestException;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
import dev.skiff.name.Digest;
import dev.skiff.transport.Deletion;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * {@code delete oci:PATH:TAG}: removes the tag from index.json, then the blobs only that tag used.
 * Both steps run under the layout's index lock: first index.json is replaced atomically (so a crash
 * leaves the tag or not, never a tag pointing at missing blobs), then, with the index read again
 * under the same lock, every blob reachable from the removed entry (walking child indexes) and from
 * no remaining entry is removed. Blobs that nothing referenced before are left alone.
 */
final class OciLayoutDelete {
    // the OCI image-layout annotation that names a tag in index.json
    private static final String REF_NAME = LayoutIndex.REF_NAME;

    private final OciLayout layout;

    private OciLayoutDelete(OciLayout layout) {
        this.layout = layout;
    }

    static Deletion delete(OciLayoutReference ref) throws IOException {
        if (ref.refName() == null) {
            throw new SkiffException("cannot delete " + ref + ": name the tag to delete (oci:" + ref.path() + ":TAG)");
        }
        return new OciLayoutDelete(OciLayout.open(ref)).delete(ref.refName(), ref.toString());
    }

    private Deletion delete(String tag, String what) throws IOException {
        List<Descriptor> removed = new ArrayList<>();
        List<String> tags = new ArrayList<>();
        layout.commitIndex(manifests -> {
            ArrayNode kept = manifests.arrayNode();
            for (JsonNode entry : manifests) {
                String name = entry.path("annotations").path(REF_NAME).asText(null);
                if (tag.equals(name)) {
                    removed.add(Descriptor.fromJson(entry, "index.json entry"));
                } else {
                    kept.add(entry);
                    if (name != null) {
                        tags.add(name);
                    }
                }
            }
            if (removed.isEmpty()) {
                throw new SkiffException("no image tagged " + tag + " in the OCI layout at " + layout.directory()
                        + (tags.isEmpty() ? " (it has no tags)" : " (its tags: " + String.join(", ", tags) + ")"));
            }
            return kept;
        });
        List<Digest> blobsRemoved = new ArrayList<>();
        // A second pass under the lock: the index as it is now decides what is still referenced.
        layout.commitIndex(manifests -> {
            try {
                Set<Digest> stillUsed = new LinkedHashSet<>();
                for (JsonNode entry : manifests) {
                    reach(Descriptor.fromJson(entry, "index.json entry"), stillUsed);
                }
                Set<Digest> candidates = new LinkedHashSet<>();
                for (Descriptor d : removed) {
                    reach(d, candidates);
                }
                for (Digest digest : candidates) {
                    if (!stillUsed.contains(digest) && Files.deleteIfExists(layout.blobPath(digest))) {
                        blobsRemoved.add(digest);
                    }
                }
            } catch (IOException e) {
                throw new SkiffException(
                        "removed the tag " + tag + " from " + what + " but could not remove its blobs: "
                                + e.getMessage() + " (the layout is still valid; the blobs are only unused)");
            }
            return manifests;
        });
        return new Deletion(removed.get(0).digest(), blobsRemoved);
    }

    /** Adds a descriptor's digest and, for manifests and indexes stored here, everything below it. */
    private void reach(Descriptor d, Set<Digest> into) throws IOException {
        if (!into.add(d.digest()) || !MediaType.isManifest(d.mediaType()) && !looksLikeManifest(d)) {
            return;
        }
        ManifestDocument doc = read(d);
        if (doc instanceof ImageIndex index) {
            for (Descriptor child : index.manifests()) {
                reach(child, into);
            }
        } else if (doc instanceof ImageManifest manifest) {
            for (Descriptor blob : manifest.blobs()) {
                into.add(blob.digest());
            }
            if (manifest.subject() != null) {
                into.add(manifest.subject().digest());
            }
        }
    }

    private static boolean looksLikeManifest(Descriptor d) {
        return d.mediaType() == null || d.mediaType().isEmpty();
    }

    /** A manifest blob, checked against its digest; a blob this layout does not hold reaches nothing further. */
    private ManifestDocument read(Descriptor d) throws IOException {
        Path path = layout.blobPath(d.digest());
        byte[] raw;
        try (InputStream in = Files.newInputStream(path)) {
            raw = BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "manifest " + d.digest());
        } catch (NoSuchFileException e) {
            return null;
        }
        if (!d.digest().withHash(d.digest().newHasher().digest(raw)).equals(d.digest())) {
            throw new SkiffException("manifest " + d.digest() + " in the OCI layout at " + layout.directory()
                    + " does not match its digest; nothing was removed beyond the tag");
        }
        try {
            return ManifestDocument.parse(raw, d.mediaType());
        } catch (InvalidManifestException e) {
            return null;
        }
    }
}
