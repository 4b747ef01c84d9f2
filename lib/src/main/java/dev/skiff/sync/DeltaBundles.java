package dev.skiff.sync;

import dev.skiff.SkiffException;
import dev.skiff.delta.DeltaBundle;
import dev.skiff.delta.DeltaFrom;
import dev.skiff.delta.DeltaImport;
import dev.skiff.transport.BatchWriting;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * A sync's two sides of incremental bundles: writing one (the bundle is started with the
 * annotations that say it is a delta, then images leave out what the inventory lists) and
 * importing one (before any image is copied, every blob the bundle left out is looked for at its
 * destination; one missing stops the run with the whole list, no manifest written).
 */
final class DeltaBundles {
    private DeltaBundles() {}

    /** Starts the delta bundle the plan writes; a destination that is not a bundle is refused. */
    static void start(SyncDestination destination, DeltaFrom delta) throws IOException {
        String transport = destination.transport();
        Path where = Path.of(destination.storeLocation());
        switch (transport) {
            case "oci" -> DeltaBundle.startLayout(where, delta);
            case "oci-archive" -> DeltaBundle.startArchive(where, delta);
            default ->
                throw new SkiffException("a delta bundle is an OCI layout or an OCI archive; it cannot be written to "
                        + transport + " " + destination.location() + " (made against inventory " + delta.file() + ")");
        }
    }

    /**
     * Looks, before anything is copied, for every blob the delta bundles among the plan's sources
     * left out, at each image's destination; throws with every one missing. Images written into a
     * store written whole (an archive) are checked by the copier instead, image by image, before
     * their manifests (the archive is published only when every image arrived, so it is the same).
     */
    static void checkBases(
            SyncPlan plan,
            List<SyncItem> items,
            Function<SyncItem, TransportOptions> sourceOptions,
            TransportOptions destinationOptions)
            throws IOException {
        Map<String, DeltaImport.Missing> missing = new LinkedHashMap<>();
        String inventory = null;
        String bundle = null;
        DeltaImport.Selection selection = new DeltaImport.Selection(plan.all(), plan.platforms(), plan.platform());
        for (SyncItem item : items) {
            if (item.destination() instanceof BatchWriting) {
                continue;
            }
            try (ImageSource in = item.source().openSource(sourceOptions.apply(item))) {
                String against = DeltaImport.inventoryOf(in);
                if (against == null) {
                    continue;
                }
                List<DeltaImport.Missing> lacking;
                try (ImageDestination out = item.destination().openDestination(destinationOptions)) {
                    lacking = DeltaImport.missing(in, in.manifest(), out, selection);
                } catch (SkiffException e) {
                    throw e.onSide(dev.skiff.Side.DESTINATION);
                }
                for (DeltaImport.Missing m : lacking) {
                    missing.putIfAbsent(m.blob().toString(), m);
                }
                if (!lacking.isEmpty() && inventory == null) {
                    inventory = against;
                    bundle = bundleName(item);
                }
            }
        }
        if (!missing.isEmpty()) {
            throw DeltaImport.refusal(bundle, inventory, new ArrayList<>(missing.values()));
        }
    }

    /** The bundle an item comes from: its reference without the image's name. */
    private static String bundleName(SyncItem item) {
        String ref = item.source().toString();
        String transport = item.source().transport().name();
        String rest = ref.substring(ref.indexOf(':') + 1);
        int cut = rest.indexOf(':');
        return transport + ":" + (cut < 0 ? rest : rest.substring(0, cut));
    }
}
