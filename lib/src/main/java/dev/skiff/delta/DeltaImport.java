package dev.skiff.delta;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.PartialBlobs;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The check before a delta bundle is imported: every blob the bundle left out must already be at
 * the destination (a HEAD each, nothing read from the bundle but manifests). It runs before any
 * manifest is written, so a site that lacks a blob gets the list of what is missing, and no image
 * that cannot be read.
 */
public final class DeltaImport {
    private DeltaImport() {}

    /** Which images of an index the copy takes: all, some platforms, or one. */
    public record Selection(boolean all, List<Platform> platforms, Platform platform) {
        public Selection {
            platforms = platforms == null ? List.of() : List.copyOf(platforms);
        }
    }

    /** A blob the destination lacks, and an image that needs it. */
    public record Missing(Digest blob, String image) {}

    /**
     * The blobs {@code top} (read from {@code source}) needs that the source does not carry and the
     * destination does not hold; empty when the source is not a delta bundle.
     */
    public static List<Missing> missing(
            ImageSource source, ManifestDocument top, ImageDestination destination, Selection selection)
            throws IOException {
        if (!(source instanceof PartialBlobs partial)
                || partial.deltaInventory().isEmpty()) {
            return List.of();
        }
        Map<Digest, Descriptor> absent = new LinkedHashMap<>();
        collect(source, top, selection, partial, absent);
        List<Missing> missing = new ArrayList<>();
        for (Descriptor blob : absent.values()) {
            if (!destination.hasBlob(blob)) {
                missing.add(new Missing(blob.digest(), destination.reference().toString()));
            }
        }
        return missing;
    }

    /** The inventory digest a delta source names, or null. */
    public static String inventoryOf(ImageSource source) throws IOException {
        return source instanceof PartialBlobs partial ? partial.deltaInventory().orElse(null) : null;
    }

    private static void collect(
            ImageSource source,
            ManifestDocument doc,
            Selection selection,
            PartialBlobs partial,
            Map<Digest, Descriptor> absent)
            throws IOException {
        if (doc instanceof ImageManifest image) {
            for (Descriptor d : image.blobs()) {
                if (d.urls().isEmpty() && !partial.carries(d.digest())) {
                    absent.putIfAbsent(d.digest(), d);
                }
            }
        } else if (doc instanceof ImageIndex index) {
            for (Descriptor child : chosen(index, selection)) {
                collect(source, source.manifest(child), selection, partial, absent);
            }
        }
    }

    private static List<Descriptor> chosen(ImageIndex index, Selection selection) {
        if (selection.all()) {
            return index.manifests();
        }
        if (!selection.platforms().isEmpty()) {
            return index.manifests().stream()
                    .filter(d -> d.platform() != null
                            && selection.platforms().stream().anyMatch(p -> p.matches(d.platform())))
                    .toList();
        }
        Optional<Descriptor> one = index.find(selection.platform());
        return one.map(List::of).orElse(List.of());
    }

    /** Stops the import: what is missing, where, and against which inventory the bundle was made. */
    public static SkiffException refusal(String bundle, String inventory, List<Missing> missing) {
        StringBuilder b = new StringBuilder("the delta bundle ")
                .append(bundle)
                .append(" (made against inventory ")
                .append(inventory)
                .append(") leaves out ")
                .append(missing.size())
                .append(missing.size() == 1 ? " blob" : " blobs")
                .append(" that the destination does not hold; no manifest was written. Missing:");
        for (Missing m : missing) {
            b.append("\n  ").append(m.blob()).append(" (at ").append(m.image()).append(")");
        }
        return new SkiffException(b.toString(), Hint.DELTA_BASE_MISSING, inventory, Side.DESTINATION, null);
    }
}
