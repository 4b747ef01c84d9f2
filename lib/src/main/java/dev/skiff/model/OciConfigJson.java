package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.time.OffsetDateTime;
import java.time.format.DateTimeParseException;
import java.util.TreeMap;

/**
 * An image config (Docker or OCI) as skopeo re-marshals it through the OCI image-spec's Go structs:
 * what {@code skopeo inspect --config} prints and what a v2s2 → OCI conversion stores. Fields come
 * in the structs' order, fields the structs lack (Docker's {@code container_config},
 * {@code docker_version}…) are dropped, {@code omitempty} fields that are empty are left out, maps
 * come out with sorted keys, and timestamps as Go's RFC 3339 with trailing zero fractions trimmed.
 */
public final class OciConfigJson {
    private static final String[] RUNTIME_FIELDS = {
        "User",
        "ExposedPorts",
        "Env",
        "Entrypoint",
        "Cmd",
        "Volumes",
        "WorkingDir",
        "Labels",
        "StopSignal",
        "ArgsEscaped"
    };

    private OciConfigJson() {}

    /** The config as OCI's Go structs marshal it. */
    public static ObjectNode of(byte[] raw) {
        JsonNode root = Json.parse(raw, "image config");
        if (!root.isObject()) {
            throw new InvalidManifestException("image config is not a JSON object");
        }
        ObjectNode out = Json.object();
        time(root.get("created"), out, "created");
        text(root, out, "author", true);
        text(root, out, "architecture", false);
        text(root, out, "variant", true);
        text(root, out, "os", false);
        text(root, out, "os.version", true);
        list(root.get("os.features"), out, "os.features");
        ObjectNode runtime = out.putObject("config");
        JsonNode config = root.get("config");
        if (config != null && config.isObject()) {
            for (String field : RUNTIME_FIELDS) {
                runtimeField(config, runtime, field);
            }
        }
        ObjectNode rootfs = out.putObject("rootfs");
        JsonNode inRootfs = root.path("rootfs");
        rootfs.put("type", inRootfs.path("type").asText(""));
        JsonNode diffIds = inRootfs.get("diff_ids");
        if (diffIds != null && diffIds.isArray()) {
            rootfs.set("diff_ids", diffIds.deepCopy());
        } else {
            rootfs.putNull("diff_ids");
        }
        JsonNode history = root.get("history");
        if (history != null && history.isArray() && !history.isEmpty()) {
            ArrayNode h = out.putArray("history");
            for (JsonNode entry : history) {
                ObjectNode e = h.addObject();
                time(entry.get("created"), e, "created");
                text(entry, e, "created_by", true);
                text(entry, e, "author", true);
                text(entry, e, "comment", true);
                if (entry.path("empty_layer").asBoolean(false)) {
                    e.put("empty_layer", true);
                }
            }
        }
        return out;
    }

    /** The bytes a v2s2 → OCI conversion stores as the new config: compact, as Go's json.Marshal writes. */
    public static byte[] bytes(byte[] raw) {
        return Json.bytes(of(raw));
    }

    private static void runtimeField(JsonNode config, ObjectNode runtime, String field) {
        JsonNode v = config.get(field);
        if (v == null || v.isNull()) {
            return;
        }
        switch (field) {
            case "ExposedPorts", "Volumes" -> {
                if (v.isObject() && !v.isEmpty()) {
                    ObjectNode set = runtime.putObject(field);
                    java.util.TreeSet<String> keys = new java.util.TreeSet<>();
                    v.fieldNames().forEachRemaining(keys::add);
                    keys.forEach(set::putObject);
                }
            }
            case "Labels" -> {
                if (v.isObject() && !v.isEmpty()) {
                    ObjectNode labels = runtime.putObject(field);
                    TreeMap<String, String> sorted = new TreeMap<>();
                    v.fields()
                            .forEachRemaining(
                                    e -> sorted.put(e.getKey(), e.getValue().asText()));
                    sorted.forEach(labels::put);
                }
            }
            case "Env", "Entrypoint", "Cmd" -> list(v, runtime, field);
            case "ArgsEscaped" -> {
                if (v.asBoolean(false)) {
                    runtime.put(field, true);
                }
            }
            default -> text(config, runtime, field, true);
        }
    }

    private static void text(JsonNode in, ObjectNode out, String field, boolean omitEmpty) {
        JsonNode v = in.get(field);
        String s = v == null || v.isNull() ? "" : v.asText();
        if (!s.isEmpty() || !omitEmpty) {
            out.put(field, s);
        }
    }

    private static void list(JsonNode v, ObjectNode out, String field) {
        if (v != null && v.isArray() && !v.isEmpty()) {
            out.set(field, v.deepCopy());
        }
    }

    /** Go's time.Time marshals as RFC 3339 with the fraction's trailing zeros trimmed, UTC as Z. */
    private static void time(JsonNode v, ObjectNode out, String field) {
        if (v == null || v.isNull() || v.asText().isEmpty()) {
            return;
        }
        out.put(field, goTime(v.asText()));
    }

    /** A timestamp as Go's time.Time marshals it (RFC 3339, fraction's trailing zeros trimmed, UTC as Z). */
    public static String goTime(String text) {
        try {
            OffsetDateTime.parse(text);
        } catch (DateTimeParseException e) {
            return text;
        }
        int t = text.indexOf('T');
        int zone = Math.max(text.indexOf('Z', t), Math.max(text.indexOf('+', t), text.indexOf('-', t)));
        String time = zone < 0 ? text : text.substring(0, zone);
        String offset = zone < 0 ? "" : text.substring(zone);
        int dot = time.indexOf('.');
        if (dot >= 0) {
            String fraction = time.substring(dot + 1).replaceAll("0+$", "");
            time = time.substring(0, dot) + (fraction.isEmpty() ? "" : "." + fraction);
        }
        if (offset.equals("+00:00") || offset.equals("z")) {
            offset = "Z";
        }
        return time + offset;
    }
}
