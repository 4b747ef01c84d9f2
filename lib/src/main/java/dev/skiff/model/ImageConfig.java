package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** The parts of an image config (OCI or Docker) that inspect and verification need. */
public record ImageConfig(byte[] raw, String architecture, String os, String variant, String created,
                          String dockerVersion, Map<String, String> labels, List<String> env, List<String> diffIds) {

    public static ImageConfig parse(byte[] raw) {
        JsonNode root = Json.parse(raw, "image config");
        if (!root.isObject()) {
            throw new InvalidManifestException("image config is not a JSON object");
        }
        JsonNode config = root.get("config");
        Map<String, String> labels = new LinkedHashMap<>();
        List<String> env = new ArrayList<>();
        if (config != null && config.isObject()) {
            JsonNode l = config.get("Labels");
            if (l != null && l.isObject()) {
                l.fields().forEachRemaining(e -> labels.put(e.getKey(), e.getValue().asText()));
            }
            JsonNode e = config.get("Env");
            if (e != null && e.isArray()) {
                e.forEach(v -> env.add(v.asText()));
            }
        }
        List<String> diffIds = new ArrayList<>();
        JsonNode rootfs = root.get("rootfs");
        if (rootfs != null && rootfs.get("diff_ids") != null) {
            rootfs.get("diff_ids").forEach(v -> diffIds.add(v.asText()));
        }
        return new ImageConfig(raw, Json.text(root, "architecture"), Json.text(root, "os"), Json.text(root, "variant"),
                Json.text(root, "created"), Json.text(root, "docker_version"), labels, env, diffIds);
    }

    public Platform platform() {
        return Platform.of(os, architecture, variant);
    }
}
