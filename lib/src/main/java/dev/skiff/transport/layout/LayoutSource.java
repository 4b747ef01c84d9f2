package dev.skiff.transport.layout;

import dev.skiff.SkiffException;
import dev.skiff.io.BlobVerificationException;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ManifestDocument;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.StoreInventory;
import dev.skiff.transport.TagLister;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;
import java.util.Set;

/**
 * Reads an image from an OCI layout, wherever its files are ({@link LayoutFiles}): chosen by ref
 * name, or the only one when no name is given. Closing it closes the files.
 */
public final class LayoutSource
        implements ImageSource,
                TagLister,
                StoreInventory,
                dev.skiff.transport.ReferrerSource,
                dev.skiff.transport.PartialBlobs {
    private final ImageReference ref;
    private final String refName;
    private final LayoutFiles files;
    private ImageIndex index;
    private Set<dev.skiff.name.Digest> stored;

    public LayoutSource(ImageReference ref, String refName, LayoutFiles files) {
        this.ref = ref;
        this.refName = refName;
        this.files = files;
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    private synchronized ImageIndex index() throws IOException {
        if (index == null) {
            index = LayoutIndex.parse(files.readIndex(), files.describe());
        }
        return index;
    }

    @Override
    public ManifestDocument manifest() throws IOException {
        return manifest(LayoutIndex.select(index(), refName, files));
    }

    /** Reads a manifest blob, checking it against its descriptor's digest. */
    @Override
    public ManifestDocument manifest(Descriptor d) throws IOException {
        byte[] raw;
        try (InputStream in = new VerifyingInputStream(files.openBlob(d), d)) {
            raw = BoundedRead.readAll(
                    in, BoundedRead.MANIFEST_LIMIT, "manifest " + d.digest() + " in " + files.describe());
        } catch (BlobVerificationException e) {
            throw new SkiffException(
                    "manifest " + d.digest() + " in " + files.describe() + " is damaged: " + e.getMessage());
        }
        return ManifestDocument.parse(raw, d.mediaType());
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        try {
            return files.openBlob(blob);
        } catch (SkiffException e) {
            java.util.Optional<String> delta = deltaInventory();
            if (delta.isPresent() && !carries(blob.digest())) {
                throw new SkiffException(
                        "blob " + blob.digest() + " is not in " + files.describe()
                                + ": it is a delta bundle, made against inventory " + delta.get()
                                + ", which left it out as already at the destination",
                        e);
            }
            throw e;
        }
    }

    /** The inventory a delta bundle (see {@link dev.skiff.delta.DeltaBundle}) names on its index.json. */
    @Override
    public java.util.Optional<String> deltaInventory() throws IOException {
        return dev.skiff.delta.DeltaBundle.inventoryOf(index().annotations());
    }

    @Override
    public synchronized boolean carries(dev.skiff.name.Digest blob) throws IOException {
        if (stored == null) {
            stored = files.storedBlobs();
        }
        return stored.contains(blob);
    }

    /** The ref names in index.json, in order; untagged entries have none. */
    @Override
    public List<String> listTags() throws IOException {
        return LayoutIndex.refNames(index());
    }

    @Override
    public boolean wholeStore() {
        return refName == null;
    }

    @Override
    public List<Descriptor> entries() throws IOException {
        return index().manifests();
    }

    @Override
    public Set<dev.skiff.name.Digest> storedBlobs() throws IOException {
        return files.storedBlobs();
    }

    @Override
    public void close() throws IOException {
        files.close();
    }

    /**
     * The entries of index.json without a ref name whose manifest (read and checked by digest) has
     * {@code subject} as its subject.
     */
    @Override
    public List<Descriptor> referrers(dev.skiff.name.Digest subject, List<String> artifactTypes) throws IOException {
        List<Descriptor> found = new java.util.ArrayList<>();
        for (Descriptor entry : index().manifests()) {
            if (LayoutReferrers.candidate(entry)
                    && subject.equals(dev.skiff.model.Referrers.subject(manifest(entry)))) {
                found.add(entry);
            }
        }
        return found;
    }

    /** The manifest under {@code tag} beside this image (see {@link LayoutReferrers#siblingRefName}). */
    @Override
    public java.util.Optional<ManifestDocument> taggedManifest(String tag) throws IOException {
        java.util.Optional<Descriptor> entry =
                LayoutIndex.lookup(index(), LayoutReferrers.siblingRefName(refName, tag), files);
        return entry.isPresent() ? java.util.Optional.of(manifest(entry.get())) : java.util.Optional.empty();
    }
}
