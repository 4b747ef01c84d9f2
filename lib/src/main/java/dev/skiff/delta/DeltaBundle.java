package dev.skiff.delta;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.io.AtomicFiles;
import dev.skiff.model.Json;
import dev.skiff.model.MediaType;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.PartialBlobs;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.Transports;
import dev.skiff.transport.archive.TarWriter;
import dev.skiff.transport.layout.LayoutIndex;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;

/**
 * How a bundle says it is a delta: annotations on its index.json naming the inventory it was made
 * against (the sha256 of the file) and where that inventory was taken. The bundle is started with
 * an empty index.json carrying them; the layout writers keep every field of index.json they do not
 * change, so the images a sync adds land beside the annotations (in a directory or an archive).
 */
public final class DeltaBundle {
    /** The digest of the inventory file the bundle was made against; its presence makes the bundle a delta. */
    public static final String INVENTORY = "dev.skiff.delta.inventory";
    /** Where the inventory was taken (its {@code source}), for people reading the bundle. */
    public static final String INVENTORY_SOURCE = "dev.skiff.delta.inventory.source";

    private DeltaBundle() {}

    /** The annotations a delta bundle made against {@code delta} carries on its index.json. */
    public static Map<String, String> annotations(DeltaFrom delta) {
        Map<String, String> a = new LinkedHashMap<>();
        a.put(INVENTORY, delta.digest().toString());
        a.put(INVENTORY_SOURCE, delta.inventory().source());
        return a;
    }

    /** The inventory digest an index.json's annotations name, if it is a delta bundle's. */
    public static Optional<String> inventoryOf(Map<String, String> indexAnnotations) {
        return Optional.ofNullable(indexAnnotations.get(INVENTORY));
    }

    /** Starts a delta bundle in an OCI layout directory (or goes on with one made against the same inventory). */
    public static void startLayout(Path dir, DeltaFrom delta) throws IOException {
        if (continues("oci:" + dir, dir, delta)) {
            return;
        }
        Files.createDirectories(dir);
        Path marker = dir.resolve("oci-layout");
        if (!Files.exists(marker)) {
            AtomicFiles.write(marker, LayoutIndex.LAYOUT_FILE);
        }
        AtomicFiles.write(dir.resolve("index.json"), emptyIndex(delta));
    }

    /** Starts a delta bundle as an OCI archive (or goes on with one made against the same inventory). */
    public static void startArchive(Path file, DeltaFrom delta) throws IOException {
        if (continues("oci-archive:" + file, file, delta)) {
            return;
        }
        if (file.toAbsolutePath().getParent() != null) {
            Files.createDirectories(file.toAbsolutePath().getParent());
        }
        try (AtomicFiles.Pending pending = AtomicFiles.create(file)) {
            OutputStream out = pending.stream();
            TarWriter tar = new TarWriter(out);
            tar.file("oci-layout", LayoutIndex.LAYOUT_FILE);
            tar.file("index.json", emptyIndex(delta));
            tar.finish();
            pending.commit();
        }
    }

    /**
     * True when {@code path} already holds a delta bundle against the same inventory (a sync run
     * again goes on with it); false when nothing is there. Anything else is refused: a delta is
     * written into a new place, never mixed into a full bundle or one against another inventory.
     */
    private static boolean continues(String reference, Path path, DeltaFrom delta) throws IOException {
        if (!Files.exists(path) || (Files.isRegularFile(path) && Files.size(path) == 0)) {
            return false;
        }
        if (Files.isDirectory(path)) {
            try (var listing = Files.list(path)) {
                if (listing.findAny().isEmpty()) {
                    return false;
                }
            }
        }
        Optional<String> against;
        try (ImageSource in = Transports.parse(reference).openSource(TransportOptions.defaults())) {
            against = in instanceof PartialBlobs partial ? partial.deltaInventory() : Optional.empty();
        } catch (SkiffException e) {
            against = Optional.empty();
        }
        if (against.isPresent() && against.get().equals(delta.digest().toString())) {
            return true;
        }
        throw new SkiffException(path + " already holds "
                + (against.isPresent()
                        ? "a delta bundle made against another inventory (" + against.get() + ")"
                        : "something that is not a delta bundle")
                + "; a delta bundle against " + delta.file() + " (" + delta.digest()
                + ") is written to a new path");
    }

    private static byte[] emptyIndex(DeltaFrom delta) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaType.OCI_INDEX);
        root.putArray("manifests");
        ObjectNode annotations = root.putObject("annotations");
        annotations(delta).forEach(annotations::put);
        return Json.bytes(root);
    }
}
