package dev.skiff.copy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.model.Descriptor;
import dev.skiff.model.Json;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.ManifestFormat;
import dev.skiff.name.Digest;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Turns planned documents into the manifests the copy writes, once every blob is stored. A
 * document that does not change is written as its source bytes (so its digest survives); one that
 * changes keeps every field it had, with the changed descriptors put in place; a converted one is
 * written as skopeo writes that format ({@code schemaVersion}, {@code mediaType}, {@code config},
 * {@code layers}; Docker descriptors as mediaType, size, digest).
 */
final class ManifestBuilder {
    static final String REFERENCE_DIGEST = "vnd.docker.reference.digest";

    private final Map<BlobStep.Key, Descriptor> stored;
    private final Set<ManifestDocument> children = new LinkedHashSet<>();

    /** {@code stored}: what each rewritten blob became (digest and size). */
    ManifestBuilder(Map<BlobStep.Key, Descriptor> stored) {
        this.stored = stored;
    }

    /** The manifests an index lists, deepest first, each once; filled by {@link #build}. */
    List<ManifestDocument> children() {
        return new ArrayList<>(children);
    }

    ManifestDocument build(PlannedDocument planned) {
        if (!planned.changes()) {
            collectUnchanged(planned);
            return planned.source();
        }
        if (planned instanceof PlannedDocument.Image image) {
            return image(image);
        }
        return index((PlannedDocument.Index) planned);
    }

    /** An unchanged index still has its children written. */
    private void collectUnchanged(PlannedDocument planned) {
        if (planned instanceof PlannedDocument.Index index) {
            for (PlannedDocument.Entry e : index.entries()) {
                if (e.child() != null) {
                    collectUnchanged(e.child());
                    children.add(e.child().source());
                }
            }
        }
    }

    private ManifestDocument image(PlannedDocument.Image planned) {
        ObjectNode source = (ObjectNode) Json.parse(planned.source().raw(), "manifest");
        boolean converted =
                planned.format() != ManifestFormat.of(planned.source().mediaType());
        ObjectNode root;
        if (converted) {
            root = Json.object();
            root.put("schemaVersion", 2);
            root.put("mediaType", planned.format().manifestType());
            root.set("config", descriptor(planned.format(), null, planned.config()));
            ArrayNode layers = root.putArray("layers");
            for (BlobStep step : planned.layers()) {
                layers.add(descriptor(planned.format(), null, step));
            }
        } else {
            root = source;
            root.set("config", descriptor(planned.format(), (ObjectNode) source.get("config"), planned.config()));
            ArrayNode layers = (ArrayNode) source.get("layers");
            for (int i = 0; i < planned.layers().size(); i++) {
                layers.set(
                        i,
                        descriptor(
                                planned.format(),
                                (ObjectNode) layers.get(i),
                                planned.layers().get(i)));
            }
        }
        return ManifestDocument.parse(Json.bytes(root), planned.format().manifestType());
    }

    /** The descriptor of a blob as written: in place of {@code original} when given, else fresh. */
    private JsonNode descriptor(ManifestFormat format, ObjectNode original, BlobStep step) {
        Descriptor written = written(step);
        if (original != null) {
            ObjectNode d = original.deepCopy();
            d.put("mediaType", step.mediaType());
            d.put("digest", written.digest().toString());
            d.put("size", written.size());
            annotate(d, step, written);
            return d;
        }
        ObjectNode d = Json.object();
        d.put("mediaType", step.mediaType());
        if (format == ManifestFormat.V2S2) {
            d.put("size", written.size());
            d.put("digest", written.digest().toString());
        } else {
            d.put("digest", written.digest().toString());
            d.put("size", written.size());
        }
        if (!step.source().urls().isEmpty()) {
            step.source().urls().forEach(d.putArray("urls")::add);
        }
        if (format == ManifestFormat.OCI && !step.source().annotations().isEmpty()) {
            ObjectNode a = d.putObject("annotations");
            step.source().annotations().forEach(a::put);
        }
        annotate(d, step, written);
        return d;
    }

    /** An encrypted or decrypted layer's annotations are the ones its rewrite made (ocicrypt's added or removed). */
    private static void annotate(ObjectNode d, BlobStep step, Descriptor written) {
        if (!step.rewritesAnnotations()) {
            return;
        }
        d.remove("annotations");
        if (!written.annotations().isEmpty()) {
            ObjectNode a = d.putObject("annotations");
            written.annotations().forEach(a::put);
        }
    }

    private Descriptor written(BlobStep step) {
        if (!step.changesDigest()) {
            return step.source();
        }
        Descriptor d = stored.get(step.key());
        if (d == null) {
            throw new IllegalStateException("blob " + step.source().digest() + " was not written");
        }
        return d;
    }

    private ManifestDocument index(PlannedDocument.Index planned) {
        ObjectNode source = (ObjectNode) Json.parse(planned.source().raw(), "index");
        ArrayNode original = (ArrayNode) source.get("manifests");
        Map<Digest, Descriptor> renamed = new HashMap<>();
        List<ObjectNode> entries = new ArrayList<>();
        for (PlannedDocument.Entry e : planned.entries()) {
            ObjectNode entry = ((ObjectNode) original.get(e.position())).deepCopy();
            if (e.child() != null) {
                ManifestDocument child = build(e.child());
                children.add(child);
                Descriptor d = child.descriptor();
                if (!d.digest().equals(e.descriptor().digest())) {
                    renamed.put(e.descriptor().digest(), d);
                }
                entry.put("mediaType", d.mediaType());
                entry.put("digest", d.digest().toString());
                entry.put("size", d.size());
            }
            entries.add(entry);
        }
        ArrayNode manifests = Json.array();
        for (ObjectNode entry : entries) {
            // An attestation names the image it describes by digest; follow that image's new digest.
            JsonNode subject = entry.path("annotations").get(REFERENCE_DIGEST);
            if (subject != null
                    && Digest.isValid(subject.asText())
                    && renamed.containsKey(Digest.parse(subject.asText()))) {
                ((ObjectNode) entry.get("annotations"))
                        .put(
                                REFERENCE_DIGEST,
                                renamed.get(Digest.parse(subject.asText()))
                                        .digest()
                                        .toString());
            }
            manifests.add(entry);
        }
        ObjectNode root = Json.object();
        root.set("schemaVersion", source.get("schemaVersion"));
        root.put("mediaType", planned.format().indexType());
        source.fields().forEachRemaining(f -> {
            if (!root.has(f.getKey())) {
                root.set(f.getKey(), f.getKey().equals("manifests") ? manifests : f.getValue());
            }
        });
        return ManifestDocument.parse(Json.bytes(root), planned.format().indexType());
    }
}
