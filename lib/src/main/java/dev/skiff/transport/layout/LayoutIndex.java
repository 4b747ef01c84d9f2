package dev.skiff.transport.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.Json;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
import dev.skiff.transport.ImageNotFoundException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.function.UnaryOperator;

/** The rules of an OCI layout's index.json, shared by directories and archives of them. */
public final class LayoutIndex {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    /** The {@code oci-layout} marker file. */
    public static final byte[] LAYOUT_FILE = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(StandardCharsets.UTF_8);

    private LayoutIndex() {}

    public static ImageIndex parse(byte[] raw, String where) {
        ManifestDocument doc = ManifestDocument.parse(raw, MediaType.OCI_INDEX);
        if (!(doc instanceof ImageIndex index)) {
            throw new SkiffException("index.json in " + where + " is not an image index");
        }
        return index;
    }

    /** The ref names in index.json, in order; untagged entries have none. */
    public static List<String> refNames(ImageIndex index) {
        List<String> names = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            String name = d.annotations().get(REF_NAME);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }

    /**
     * The entry a reference names: the one tagged {@code refName}, or with no ref name the only
     * entry. Errors list the tags there are, as references the user can paste.
     */
    public static Descriptor select(ImageIndex index, String refName, LayoutFiles files) {
        List<Descriptor> entries = index.manifests();
        if (refName == null) {
            if (entries.size() == 1) {
                return entries.get(0);
            }
            if (entries.isEmpty()) {
                throw new ImageNotFoundException(files.describe() + " holds no images");
            }
            List<String> names = refNames(index);
            throw new SkiffException(files.describe() + " holds " + entries.size() + " images; name one: "
                    + (names.isEmpty()
                            ? "the images have no tags"
                            : String.join(
                                    ", ",
                                    names.stream()
                                            .map(n -> files.referencePrefix() + ":" + n)
                                            .toList())));
        }
        List<Descriptor> matches = entries.stream()
                .filter(d -> refName.equals(d.annotations().get(REF_NAME)))
                .toList();
        if (matches.isEmpty()) {
            List<String> names = refNames(index);
            throw new ImageNotFoundException("no image tagged \"" + refName + "\" in " + files.describe()
                    + (names.isEmpty() ? " (it has no tagged images)" : " (tags: " + String.join(", ", names) + ")"));
        }
        if (matches.size() > 1) {
            throw new SkiffException(files.describe() + " has " + matches.size() + " entries tagged \"" + refName
                    + "\"; it is ambiguous");
        }
        return matches.get(0);
    }

    /**
     * As {@link #select}, with "no such image" an empty result rather than an exception (a sync
     * asks this for every image it may write, so a missing one costs no message listing the tags).
     */
    public static Optional<Descriptor> lookup(ImageIndex index, String refName, LayoutFiles files) {
        if (refName != null) {
            return index.manifests().stream()
                    .filter(d -> refName.equals(d.annotations().get(REF_NAME)))
                    .findFirst();
        }
        try {
            return Optional.of(select(index, null, files));
        } catch (ImageNotFoundException e) {
            return Optional.empty();
        }
    }

    /**
     * index.json's manifests with {@code entry} added: an earlier entry with the same ref name
     * (or, untagged, the same digest) is replaced, every other entry kept in order.
     */
    public static ArrayNode replaceEntry(ArrayNode manifests, Descriptor entry, String refName) {
        ArrayNode kept = manifests.arrayNode();
        for (JsonNode m : manifests) {
            JsonNode name = m.path("annotations").get(REF_NAME);
            boolean sameName = refName != null && name != null && refName.equals(name.asText());
            boolean sameUntagged = refName == null
                    && name == null
                    && entry.digest().toString().equals(m.path("digest").asText());
            if (!sameName && !sameUntagged) {
                kept.add(m);
            }
        }
        kept.add(entry.toJson());
        return kept;
    }

    /**
     * A new index.json from the old one ({@code null} when there is none) with {@code change}
     * applied to its manifests; every other field of the old document is kept.
     */
    public static byte[] update(byte[] existing, UnaryOperator<ArrayNode> change, String where) {
        ObjectNode root;
        if (existing != null) {
            JsonNode parsed = Json.parse(existing, "index.json in " + where);
            if (!parsed.isObject()) {
                throw new SkiffException("index.json in " + where + " is not a JSON object; refusing to overwrite it");
            }
            root = (ObjectNode) parsed;
        } else {
            root = Json.object();
            root.put("schemaVersion", 2);
            root.put("mediaType", MediaType.OCI_INDEX);
        }
        JsonNode manifests = root.get("manifests");
        root.set("manifests", change.apply(manifests instanceof ArrayNode a ? a : root.putArray("manifests")));
        return Json.bytes(root);
    }
}
