package dev.skiff.verify;

import dev.skiff.Hint;
import dev.skiff.copy.Sides;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageConfig;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageSource;
import dev.skiff.verify.ComparisonRow.Status;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * Compares the image at a source with the image at a destination, reading only manifests (and
 * configs where formats differ): the top-level digests, and for an index every child. A destination
 * that holds one child of the source's index (a copy without --all) is compared with that child.
 * Every manifest read is checked against the digest it is listed under, so a damaged child manifest
 * at either side shows as a failure, not a match.
 */
public final class ImageComparer {
    static final String INDEX = "(index)";

    private final boolean all;
    private final Platform platform;
    private final dev.skiff.trust.ocicrypt.LayerCrypto crypto;
    private final List<ComparisonRow> rows = new ArrayList<>();
    private final List<Note> notes = new ArrayList<>();

    /**
     * {@code all}: the destination must hold the whole index; {@code platform}: the child a copy
     * without --all would have taken ({@link ImageIndex#find}), used when no child matches by digest.
     */
    public ImageComparer(boolean all, Platform platform) {
        this(all, platform, dev.skiff.trust.ocicrypt.LayerCrypto.NONE);
    }

    /** {@code crypto}: the keys that decrypt encrypted layers, to compare their plaintext with the other side's. */
    public ImageComparer(boolean all, Platform platform, dev.skiff.trust.ocicrypt.LayerCrypto crypto) {
        this.all = all;
        this.platform = platform == null ? Platform.current() : platform;
        this.crypto = crypto == null ? dev.skiff.trust.ocicrypt.LayerCrypto.NONE : crypto;
    }

    public ImageComparison compare(ImageSource source, ImageSource destination) throws IOException {
        rows.clear();
        notes.clear();
        ManifestDocument s = Sides.source(source::manifest);
        ManifestDocument d = Sides.destination(destination::manifest);
        if (s instanceof ImageIndex si && d instanceof ImageIndex di) {
            compareIndexes(source, si, destination, di);
        } else if (s instanceof ImageIndex si) {
            compareWithOneChild(source, si, destination, d);
        } else {
            String where = d instanceof ImageIndex ? "the destination is an index, the source one image" : null;
            rows.add(compareImages(platformOf(source, s), source, s, destination, d));
            if (where != null && !rows.get(0).status().ok()) {
                notes.add(Note.of(where));
            }
        }
        return new ImageComparison(
                source.reference().toString(), destination.reference().toString(), rows, notes);
    }

    private void compareIndexes(ImageSource source, ImageIndex si, ImageSource destination, ImageIndex di)
            throws IOException {
        int top = rows.size();
        rows.add(new ComparisonRow(
                INDEX, si.digest(), di.digest(), si.digest().equals(di.digest()) ? Status.MATCH : Status.DIFFERENT));
        boolean childrenOk = true;
        for (Descriptor child : si.manifests()) {
            Optional<Descriptor> there = di.manifests().stream()
                    .filter(c -> c.digest().equals(child.digest()))
                    .findFirst()
                    .or(() -> di.manifests().stream()
                            .filter(c -> Objects.equals(c.platform(), child.platform()))
                            .findFirst());
            ComparisonRow row;
            if (there.isEmpty()) {
                row = new ComparisonRow(name(child.platform()), child.digest(), null, Status.MISSING);
                note(name(child.platform()) + " is not in the destination's index");
            } else {
                row = compareChildren(source, child, destination, there.get());
            }
            childrenOk &= row.status().ok();
            rows.add(row);
        }
        if (rows.get(top).status() == Status.DIFFERENT
                && childrenOk
                && si.manifests().size() == di.manifests().size()) {
            rows.set(top, new ComparisonRow(INDEX, si.digest(), di.digest(), Status.SAME_CONTENT));
            note("the index documents differ (another format or other annotations) but every platform's image matches");
        }
    }

    /** The runbook case: the source is an index, the destination one image (copied without --all). */
    private void compareWithOneChild(ImageSource source, ImageIndex si, ImageSource destination, ManifestDocument d)
            throws IOException {
        rows.add(new ComparisonRow(INDEX, si.digest(), null, all ? Status.MISSING : Status.NOT_COPIED));
        Optional<Descriptor> copied = si.manifests().stream()
                .filter(c -> c.digest().equals(d.digest()))
                .findFirst()
                .or(() -> si.find(platform));
        List<String> others = new ArrayList<>();
        for (Descriptor child : si.manifests()) {
            if (copied.isPresent() && child == copied.get()) {
                ManifestDocument s = source.manifest(child);
                ComparisonRow row = compareImages(name(child.platform()), source, s, destination, d);
                rows.add(row);
                if (row.status().ok()) {
                    note(name(child.platform()) + " matched: the destination holds the source's "
                            + name(child.platform()) + " image, not the whole index");
                }
            } else {
                rows.add(new ComparisonRow(
                        name(child.platform()), child.digest(), null, all ? Status.MISSING : Status.NOT_COPIED));
                others.add(name(child.platform()));
            }
        }
        if (copied.isEmpty()) {
            note("no platform of the source's index has the destination's digest " + d.digest()
                    + ", and the index has no image for " + platform);
            rows.add(new ComparisonRow("-", null, d.digest(), Status.DIFFERENT));
        }
        if (all) {
            notes.add(new Note(
                    "every platform was asked for, but the destination holds one image (" + d.digest()
                            + "), not the whole index",
                    Hint.ONE_PLATFORM_COPIED));
        } else if (!others.isEmpty()) {
            notes.add(new Note(
                    "not copied (the copy took one platform): " + String.join(", ", others), Hint.ONE_PLATFORM_COPIED));
        }
    }

    private ComparisonRow compareChildren(ImageSource source, Descriptor s, ImageSource destination, Descriptor d)
            throws IOException {
        String name = name(s.platform());
        ManifestDocument dm;
        try {
            dm = destination.manifest(d);
        } catch (IOException | RuntimeException e) {
            note(name + ": cannot read the destination's manifest " + d.digest() + ": " + e.getMessage());
            return new ComparisonRow(name, s.digest(), d.digest(), Status.MISSING);
        }
        return compareImages(name, source, source.manifest(s), destination, dm);
    }

    /** Same digest, or (both image manifests) the same config: the same image written differently. */
    private ComparisonRow compareImages(
            String name, ImageSource source, ManifestDocument s, ImageSource destination, ManifestDocument d)
            throws IOException {
        if (s.digest().equals(d.digest())) {
            return new ComparisonRow(name, s.digest(), d.digest(), Status.MATCH);
        }
        if (s instanceof ImageManifest sm && d instanceof ImageManifest dm && EncryptedLayers.any(sm, dm)) {
            return EncryptedLayers.compare(name, source, sm, destination, dm, crypto, notes);
        }
        if (s instanceof ImageManifest sm && d instanceof ImageManifest dm) {
            ImageConfig sc = readConfig(source, sm.config());
            ImageConfig dc = readConfig(destination, dm.config());
            if (sm.config().digest().equals(dm.config().digest())
                    && sc.diffIds().equals(dc.diffIds())) {
                note(name + ": the manifests differ (" + sm.mediaType() + ", "
                        + sm.layers().size() + " layers vs "
                        + dm.mediaType() + ", " + dm.layers().size() + " layers), so the config digest "
                        + sm.config().digest() + " and its " + sc.diffIds().size()
                        + " diff_ids were compared instead: they are the same");
                return new ComparisonRow(name, s.digest(), d.digest(), Status.SAME_CONTENT);
            }
            note(name + ": "
                    + (sc.diffIds().equals(dc.diffIds())
                            ? "same layers (diff_ids) but another config ("
                                    + sm.config().digest() + " vs "
                                    + dm.config().digest() + ")"
                            : "other layers (the configs' diff_ids differ)"));
        }
        return new ComparisonRow(name, s.digest(), d.digest(), Status.DIFFERENT);
    }

    /** A single image's platform, from its config, for the table. */
    private static String platformOf(ImageSource source, ManifestDocument doc) throws IOException {
        if (doc instanceof ImageManifest m) {
            return name(readConfig(source, m.config()).platform());
        }
        return INDEX;
    }

    static ImageConfig readConfig(ImageSource source, Descriptor config) throws IOException {
        try (InputStream in = new VerifyingInputStream(source.openBlob(config), config)) {
            return ImageConfig.parse(BoundedRead.readAll(
                    in, BoundedRead.MANIFEST_LIMIT, "config " + config.digest() + " of " + source.reference()));
        }
    }

    static String name(Platform p) {
        return p == null || p.os() == null ? "unknown" : p.toString();
    }

    static String digest(Digest d) {
        return d == null ? "-" : d.toString();
    }

    private void note(String text) {
        notes.add(Note.of(text));
    }
}
