package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/** An OCI image manifest or a Docker v2 schema 2 manifest: a config and its layers. */
public record ImageManifest(
        byte[] raw,
        String mediaType,
        Descriptor config,
        List<Descriptor> layers,
        Map<String, String> annotations,
        Descriptor subject)
        implements ManifestDocument {
    public ImageManifest {
        layers = List.copyOf(layers);
        annotations = annotations == null ? Map.of() : Map.copyOf(annotations);
    }

    static ImageManifest fromJson(byte[] raw, JsonNode root, String mediaType) {
        Descriptor config = Descriptor.fromJson(root.get("config"), "manifest config");
        if (mediaType == null) {
            mediaType = MediaType.DOCKER_CONFIG.equals(config.mediaType())
                    ? MediaType.DOCKER_MANIFEST
                    : MediaType.OCI_MANIFEST;
        }
        List<Descriptor> layers = new ArrayList<>();
        JsonNode l = root.get("layers");
        if (l != null) {
            if (!l.isArray()) {
                throw new InvalidManifestException("manifest \"layers\" is not an array");
            }
            for (int i = 0; i < l.size(); i++) {
                layers.add(Descriptor.fromJson(l.get(i), "manifest layer " + i));
            }
        }
        Map<String, String> annotations = Json.stringMap(root.get("annotations"));
        Descriptor subject = root.has("subject") ? Descriptor.fromJson(root.get("subject"), "manifest subject") : null;
        return new ImageManifest(raw, mediaType, config, layers, annotations, subject);
    }

    /** Every blob the manifest references: the config first, then the layers. */
    public List<Descriptor> blobs() {
        List<Descriptor> all = new ArrayList<>(layers.size() + 1);
        all.add(config);
        all.addAll(layers);
        return all;
    }
}
