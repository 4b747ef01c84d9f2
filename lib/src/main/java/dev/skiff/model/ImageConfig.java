package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;

/** The parts of an image config (OCI or Docker) that inspect and verification need. */
public record ImageConfig(
        byte[] raw,
        String architecture,
        String os,
        String variant,
        String created,
        String dockerVersion,
        Map<String, String> labels,
        List<String> env,
        List<String> diffIds) {

    public static ImageConfig parse(byte[] raw) {
        JsonNode root = Json.parse(raw, "image config");
        if (!root.isObject()) {
            throw new InvalidManifestException("image config is not a JSON object");
        }
        JsonNode config = root.get("config");
        Map<String, String> labels = Json.stringMap(config == null ? null : config.get("Labels"));
        List<String> env = Json.stringList(config == null ? null : config.get("Env"));
        JsonNode rootfs = root.get("rootfs");
        List<String> diffIds = Json.stringList(rootfs == null ? null : rootfs.get("diff_ids"));
        return new ImageConfig(
                raw,
                Json.text(root, "architecture"),
                Json.text(root, "os"),
                Json.text(root, "variant"),
                Json.text(root, "created"),
                Json.text(root, "docker_version"),
                labels,
                env,
                diffIds);
    }

    public Platform platform() {
        return Platform.of(os, architecture, variant);
    }
}
