package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/** An OCI image index or a Docker manifest list: manifests for several platforms. */
public record ImageIndex(byte[] raw, String mediaType, List<Descriptor> manifests, Map<String, String> annotations)
        implements ManifestDocument {
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

    /**
     * The entry skopeo picks for {@code platform} without --all: for each of its
     * {@link Platform#candidates() candidates} in turn, the first entry that matches.
     */
    public Optional<Descriptor> find(Platform platform) {
        for (Platform wanted : platform.candidates()) {
            for (Descriptor d : manifests) {
                if (wanted.matches(d.platform())) {
                    return Optional.of(d);
                }
            }
        }
        return Optional.empty();
    }

    /** The platforms the index lists, as {@code os/arch[/variant]}, for error messages. */
    public String platformList() {
        return String.join(
                ", ", manifests.stream().map(d -> String.valueOf(d.platform())).toList());
    }
}
