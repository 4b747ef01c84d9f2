package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI image index or a Docker manifest list: manifests for several platforms. */
public record ImageIndex(byte[] raw, String mediaType, List<Descriptor> manifests,
                         Map<String, String> annotations) implements ManifestDocument {
    public ImageIndex {
        manifests = List.copyOf(manifests);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    static ImageIndex fromJson(byte[] raw, JsonNode root, String mediaType) {
        JsonNode m = root.get("manifests");
        if (m == null || !m.isArray()) {
            throw new InvalidManifestException("index \"manifests\" is not an array");
        }
        List<Descriptor> manifests = new ArrayList<>();
        for (int i = 0; i < m.size(); i++) {
            manifests.add(Descriptor.fromJson(m.get(i), "index entry " + i));
        }
        Map<String, String> annotations = Json.stringMap(root.get("annotations"));
        return new ImageIndex(raw, mediaType, manifests, annotations);
    }

    /** The first entry an image for {@code platform} can use, as skopeo picks without --all. */
    public Optional<Descriptor> find(Platform platform) {
        return manifests.stream().filter(d -> platform.accepts(d.platform())).findFirst();
    }
}
