package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.name.Digest;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** An OCI content descriptor: what a blob or manifest is, by media type, digest and size. */
public record Descriptor(
        String mediaType,
        Digest digest,
        long size,
        List<String> urls,
        Map<String, String> annotations,
        Platform platform,
        String artifactType) {
    public Descriptor {
        if (digest == null) {
            throw new IllegalArgumentException("a descriptor needs a digest");
        }
        if (size < 0) {
            throw new IllegalArgumentException("descriptor " + digest + " has a negative size " + size);
        }
        urls = urls == null ? List.of() : List.copyOf(urls);
        annotations = annotations == null
                ? Map.of()
                : java.util.Collections.unmodifiableMap(new LinkedHashMap<>(annotations));
    }

    public static Descriptor of(String mediaType, Digest digest, long size) {
        return new Descriptor(mediaType, digest, size, List.of(), Map.of(), null, null);
    }

    public Descriptor withAnnotations(Map<String, String> newAnnotations) {
        return new Descriptor(mediaType, digest, size, urls, newAnnotations, platform, artifactType);
    }

    public Descriptor withPlatform(Platform newPlatform) {
        return new Descriptor(mediaType, digest, size, urls, annotations, newPlatform, artifactType);
    }

    public static Descriptor fromJson(JsonNode node, String where) {
        if (node == null || !node.isObject()) {
            throw new InvalidManifestException(where + " is not a descriptor object");
        }
        JsonNode digest = node.get("digest");
        JsonNode size = node.get("size");
        if (digest == null || !digest.isTextual()) {
            throw new InvalidManifestException(where + " has no digest");
        }
        if (size == null || !size.canConvertToLong()) {
            throw new InvalidManifestException(where + " has no size");
        }
        Map<String, String> annotations = Json.stringMap(node.get("annotations"));
        List<String> urls = Json.stringList(node.get("urls"));
        JsonNode mediaType = node.get("mediaType");
        JsonNode artifactType = node.get("artifactType");
        try {
            return new Descriptor(
                    mediaType == null ? null : mediaType.asText(),
                    Digest.parse(digest.asText()),
                    size.asLong(),
                    urls,
                    annotations,
                    Platform.fromJson(node.get("platform")),
                    artifactType == null ? null : artifactType.asText());
        } catch (IllegalArgumentException | dev.skiff.name.InvalidReferenceException e) {
            throw new InvalidManifestException(where + ": " + e.getMessage());
        }
    }

    /** The descriptor as JSON, fields in the order the OCI spec lists them. */
    public ObjectNode toJson() {
        ObjectNode n = JsonNodeFactory.instance.objectNode();
        if (mediaType != null) {
            n.put("mediaType", mediaType);
        }
        n.put("digest", digest.toString());
        n.put("size", size);
        if (!urls.isEmpty()) {
            urls.forEach(n.putArray("urls")::add);
        }
        if (!annotations.isEmpty()) {
            ObjectNode a = n.putObject("annotations");
            annotations.forEach(a::put);
        }
        if (platform != null) {
            ObjectNode p = n.putObject("platform");
            p.put("architecture", platform.architecture());
            p.put("os", platform.os());
            if (platform.osVersion() != null) {
                p.put("os.version", platform.osVersion());
            }
            if (!platform.osFeatures().isEmpty()) {
                platform.osFeatures().forEach(p.putArray("os.features")::add);
            }
            if (platform.variant() != null) {
                p.put("variant", platform.variant());
            }
        }
        if (artifactType != null) {
            n.put("artifactType", artifactType);
        }
        return n;
    }
}
