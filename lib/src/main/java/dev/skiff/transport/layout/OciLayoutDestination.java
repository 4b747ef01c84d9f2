package dev.skiff.transport.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.ManifestFormat;
import dev.skiff.transport.DigestingBlobWriter;
import dev.skiff.transport.FormatConstraints;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.LayerCompression;
import dev.skiff.transport.ImageReference;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Writes an image into an OCI layout: blobs atomically under their digests, then on commit one
 * index.json entry for the ref name, replacing an earlier entry with the same name.
 */
final class OciLayoutDestination implements ImageDestination, FormatConstraints, DigestingBlobWriter {
    private final OciLayoutReference ref;
    private final OciLayout layout;
    private Descriptor top;

    OciLayoutDestination(OciLayoutReference ref, OciLayout layout) {
        this.ref = ref;
        this.layout = layout;
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        return layout.hasBlob(blob);
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content) throws IOException {
        layout.writeBlob(blob, content);
    }

    /** Writes a rewritten layer as it is produced, hashing it on the way. */
    @Override
    public Descriptor putBlob(String mediaType, InputStream content) throws IOException {
        return layout.writeBlob(mediaType, content);
    }

    /** OCI manifests only: skopeo cannot read Docker media types back from a layout. */
    @Override
    public java.util.List<ManifestFormat> manifestFormats() {
        return java.util.List.of(ManifestFormat.OCI);
    }

    /** As skopeo's layout destination: uncompressed layers are stored gzip-compressed. */
    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.COMPRESS;
    }

    @Override
    public void putChildManifest(ManifestDocument manifest) throws IOException {
        writeManifest(manifest);
    }

    @Override
    public void putManifest(ManifestDocument manifest) throws IOException {
        writeManifest(manifest);
        Descriptor d = manifest.descriptor();
        top = ref.refName() == null ? d : d.withAnnotations(Map.of(OciLayout.REF_NAME, ref.refName()));
    }

    private void writeManifest(ManifestDocument manifest) throws IOException {
        Descriptor d = manifest.descriptor();
        if (!layout.hasBlob(d)) {
            layout.writeBlob(d, new ByteArrayInputStream(manifest.raw()));
        }
    }

    @Override
    public void commit() throws IOException {
        if (top == null) {
            throw new IllegalStateException("commit before putManifest");
        }
        Descriptor entry = top;
        layout.updateIndex(manifests -> replaceEntry(manifests, entry));
    }

    private ArrayNode replaceEntry(ArrayNode manifests, Descriptor entry) {
        ArrayNode kept = manifests.arrayNode();
        for (JsonNode m : manifests) {
            JsonNode name = m.path("annotations").get(OciLayout.REF_NAME);
            boolean sameName = ref.refName() != null && name != null && ref.refName().equals(name.asText());
            boolean sameUntagged = ref.refName() == null && name == null
                    && entry.digest().toString().equals(m.path("digest").asText());
            if (!sameName && !sameUntagged) {
                kept.add(m);
            }
        }
        kept.add(entry.toJson());
        return kept;
    }

    @Override
    public void close() {
    }
}
