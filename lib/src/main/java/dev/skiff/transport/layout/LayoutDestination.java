package dev.skiff.transport.layout;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.ManifestFormat;
import dev.skiff.transport.DigestingBlobWriter;
import dev.skiff.transport.FormatConstraints;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.LayerCompression;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;

/**
 * Writes an image into an OCI layout, wherever it is stored ({@link LayoutStore}): blobs under
 * their digests, then on commit one index.json entry for the ref name, replacing an earlier entry
 * with the same name and keeping the others. Closing it closes the store. Like skopeo's layout
 * destinations ({@code oci:} and {@code oci-archive:}) it holds OCI manifests only and gzips
 * uncompressed layers, written as they are produced ({@link DigestingBlobWriter}).
 */
public final class LayoutDestination
        implements ImageDestination, FormatConstraints, DigestingBlobWriter, dev.skiff.transport.ReferrerDestination {
    private final ImageReference ref;
    private final String refName;
    private final LayoutStore store;
    private Descriptor top;
    private final LayoutReferrers referrers = new LayoutReferrers();

    public LayoutDestination(ImageReference ref, String refName, LayoutStore store) {
        this.ref = ref;
        this.refName = refName;
        this.store = store;
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        return store.hasBlob(blob);
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content) throws IOException {
        store.writeBlob(blob, content);
    }

    /** Writes a rewritten layer as it is produced, hashing it on the way. */
    @Override
    public Descriptor putBlob(String mediaType, InputStream content) throws IOException {
        return store.writeBlob(mediaType, content);
    }

    /** OCI manifests only: skopeo cannot read Docker media types back from a layout. */
    @Override
    public java.util.List<ManifestFormat> manifestFormats() {
        return java.util.List.of(ManifestFormat.OCI);
    }

    /** As skopeo's layout destinations: uncompressed layers are stored gzip-compressed. */
    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.COMPRESS;
    }

    /** skopeo's per-destination compression choices apply here (see {@link FormatConstraints}). */
    @Override
    public boolean layerCompressionChoosable() {
        return true;
    }

    @Override
    public void putChildManifest(ManifestDocument manifest) throws IOException {
        writeManifest(manifest);
    }

    @Override
    public void putManifest(ManifestDocument manifest) throws IOException {
        writeManifest(manifest);
        Descriptor d = manifest.descriptor();
        top = refName == null ? d : d.withAnnotations(Map.of(LayoutIndex.REF_NAME, refName));
    }

    private void writeManifest(ManifestDocument manifest) throws IOException {
        Descriptor d = manifest.descriptor();
        if (!store.hasBlob(d)) {
            store.writeBlob(d, new ByteArrayInputStream(manifest.raw()));
        }
    }

    @Override
    public void commit() throws IOException {
        java.util.function.UnaryOperator<com.fasterxml.jackson.databind.node.ArrayNode> others = referrers.entries();
        if (top == null) {
            if (referrers.isEmpty()) {
                throw new IllegalStateException("commit before putManifest");
            }
            store.commitIndex(others); // referrers of an image the layout already holds
            return;
        }
        Descriptor entry = top;
        store.commitIndex(manifests -> others.apply(LayoutIndex.replaceEntry(manifests, entry, refName)));
    }

    @Override
    public void close() throws IOException {
        store.close();
    }

    /** Listed in index.json at commit, as entries without a ref name (see {@link LayoutReferrers}). */
    @Override
    public void putReferrers(dev.skiff.name.Digest subject, java.util.List<Descriptor> list) {
        referrers.addUntagged(list);
    }

    /** Stored now, tagged in index.json at commit beside the image's own ref name. */
    @Override
    public void putTaggedManifest(String tag, ManifestDocument manifest) throws IOException {
        writeManifest(manifest);
        referrers.addTagged(LayoutReferrers.siblingRefName(refName, tag), manifest.descriptor());
    }
}
