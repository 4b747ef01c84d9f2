package dev.skiff.delta;

import dev.skiff.Skiff;
import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ImageStore;
import dev.skiff.transport.StoreInventory;
import dev.skiff.transport.StoreTransport;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.TransportSession;
import dev.skiff.transport.Transports;
import java.io.IOException;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Takes an {@link Inventory} of what one or more places hold: a registry repository
 * ({@code docker://HOST/REPO}, every tag) or a whole registry ({@code docker://HOST}, every
 * repository of its catalog), or any store of named images (an OCI layout {@code oci:DIR}, an
 * {@code oci-archive:FILE}, a {@code dir:} tree). Only manifests are read, never a layer; a
 * layout's blobs are listed as stored (a delta bundle's absent blobs are not claimed).
 */
public final class InventoryTaker {
    private static final String DOCKER = "docker://";

    private final TransportOptions options;
    private final Map<String, Map<String, Digest>> repositories = new LinkedHashMap<>();
    private final Set<Digest> manifests = new HashSet<>();
    private final Set<Digest> blobs = new HashSet<>();

    private InventoryTaker(TransportOptions options) {
        this.options = options == null ? TransportOptions.defaults() : options;
    }

    /** The inventory of every place in {@code references}, merged; {@code options} reach registries. */
    public static Inventory take(List<String> references, TransportOptions options) throws IOException {
        if (references.isEmpty()) {
            throw new SkiffException(
                    "an inventory needs at least one place: docker://HOST[/REPO], oci:, oci-archive: or dir:");
        }
        try (TransportSession session = new TransportSession()) {
            InventoryTaker taker =
                    new InventoryTaker((options == null ? TransportOptions.defaults() : options).withSession(session));
            for (String ref : references) {
                taker.add(ref);
            }
            return new Inventory(String.join(" ", references), taker.repositories, taker.manifests, taker.blobs);
        }
    }

    private void add(String reference) throws IOException {
        if (reference.startsWith(DOCKER)) {
            registry(reference.substring(DOCKER.length()).replaceAll("/+$", ""));
            return;
        }
        int colon = reference.indexOf(':');
        Transport transport = colon > 0 ? Transports.all().get(reference.substring(0, colon)) : null;
        if (!(transport instanceof StoreTransport stores)) {
            throw new SkiffException(
                    "cannot take an inventory of \"" + reference
                            + "\": give docker://HOST (a whole registry), docker://HOST/REPO, oci:DIR, oci-archive:FILE or dir:DIR");
        }
        store(reference, stores.store(reference.substring(colon + 1)));
    }

    /** A registry (HOST: every repository in its catalog) or one repository (HOST/REPO: every tag). */
    private void registry(String hostAndPath) throws IOException {
        int slash = hostAndPath.indexOf('/');
        if (slash < 0) {
            for (String repository : Skiff.catalog(hostAndPath, options, 0)) {
                repository(hostAndPath, repository);
            }
            return;
        }
        if (hostAndPath.contains("@")
                || hostAndPath.substring(hostAndPath.lastIndexOf('/')).contains(":")) {
            throw new SkiffException("an inventory takes a repository, not an image: drop the tag or digest from "
                    + DOCKER + hostAndPath);
        }
        repository(hostAndPath.substring(0, slash), hostAndPath.substring(slash + 1));
    }

    private void repository(String host, String repository) throws IOException {
        String base = DOCKER + host + "/" + repository;
        for (String tag : Skiff.listTags(base, options).tags()) {
            ImageReference ref = Transports.parse(base + ":" + tag);
            try (ImageSource in = ref.openSource(options)) {
                record(repository, tag, in);
            }
        }
    }

    /** Every named image of a store, and, where the store lists them (a layout), every blob stored. */
    private void store(String reference, ImageStore store) throws IOException {
        for (String name : store.names(options)) {
            if (name.startsWith("@")) {
                continue; // an untagged image of a docker-archive: no name to record it under
            }
            try (ImageSource in = store.image(name).openSource(options)) {
                int cut = name.lastIndexOf(':');
                boolean tagged = cut > name.lastIndexOf('/');
                record(tagged ? name.substring(0, cut) : name, tagged ? name.substring(cut + 1) : "", in);
            }
        }
        try (ImageSource whole = Transports.parse(reference).openSource(options)) {
            if (whole instanceof StoreInventory inventory) {
                blobs.addAll(inventory.storedBlobs());
            }
        } catch (dev.skiff.transport.ImageNotFoundException e) {
            // not a store that lists its blobs as a whole (a dir: tree): its manifests said it all
        }
    }

    private void record(String repository, String tag, ImageSource in) throws IOException {
        ManifestDocument top = in.manifest();
        repositories.computeIfAbsent(repository, r -> new LinkedHashMap<>()).put(tag, top.digest());
        walk(in, top);
    }

    /** Records a manifest and what it references: an index's children (read), an image's config and layers. */
    private void walk(ImageSource in, ManifestDocument doc) throws IOException {
        if (!manifests.add(doc.digest())) {
            return;
        }
        if (doc instanceof ImageIndex index) {
            List<Descriptor> children = new ArrayList<>(index.manifests());
            for (Descriptor child : children) {
                walk(in, in.manifest(child));
            }
        } else if (doc instanceof ImageManifest image) {
            for (Descriptor d : image.blobs()) {
                if (d.urls().isEmpty()) {
                    blobs.add(d.digest());
                }
            }
        }
    }
}
