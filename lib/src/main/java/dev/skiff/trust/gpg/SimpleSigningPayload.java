package dev.skiff.trust.gpg;

import com.fasterxml.jackson.core.io.JsonStringEncoder;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.SkiffException;
import dev.skiff.model.Json;
import java.nio.charset.StandardCharsets;
import java.util.Iterator;
import java.util.Set;

/**
 * The "atomic container signature" JSON (containers-signature(5)) that a simple signing signature
 * signs: which manifest ({@code critical.image.docker-manifest-digest}) under which name
 * ({@code critical.identity.docker-reference}). Written byte for byte as containers/image writes it
 * (Go's encoding/json of maps: keys sorted, no spaces); read as strictly (exact field sets).
 */
public record SimpleSigningPayload(String dockerReference, String manifestDigest, String creator, Long timestamp) {
    public static final String TYPE = "atomic container signature";

    public byte[] toJson() {
        StringBuilder b = new StringBuilder();
        b.append("{\"critical\":{\"identity\":{\"docker-reference\":")
                .append(quote(dockerReference))
                .append("},\"image\":{\"docker-manifest-digest\":")
                .append(quote(manifestDigest))
                .append("},\"type\":")
                .append(quote(TYPE))
                .append("},\"optional\":{");
        boolean first = true;
        if (creator != null) {
            b.append("\"creator\":").append(quote(creator));
            first = false;
        }
        if (timestamp != null) {
            b.append(first ? "" : ",").append("\"timestamp\":").append(timestamp);
        }
        b.append("}}");
        return b.toString().getBytes(StandardCharsets.UTF_8);
    }

    /** Go escapes <, > and & in strings; so does this, so the bytes are the same. */
    private static String quote(String s) {
        String escaped = new String(JsonStringEncoder.getInstance().quoteAsString(s));
        escaped = escaped.replace("<", "\\u003c").replace(">", "\\u003e").replace("&", "\\u0026");
        return "\"" + escaped + "\"";
    }

    /** Parses a verified signature's content; anything but the exact fields is refused. */
    public static SimpleSigningPayload parse(byte[] content) {
        JsonNode root;
        try {
            root = Json.tree(content);
        } catch (Exception e) {
            throw new SkiffException("the signed content is not JSON: " + e.getMessage());
        }
        exact(root, "signature", Set.of("critical", "optional"));
        JsonNode critical = root.get("critical");
        exact(critical, "critical", Set.of("type", "image", "identity"));
        if (!TYPE.equals(critical.get("type").asText(null))) {
            throw new SkiffException(
                    "the signed content's type is \"" + critical.get("type").asText() + "\", not \"" + TYPE + "\"");
        }
        exact(critical.get("image"), "critical.image", Set.of("docker-manifest-digest"));
        exact(critical.get("identity"), "critical.identity", Set.of("docker-reference"));
        String digest = text(critical.get("image"), "docker-manifest-digest");
        String ref = text(critical.get("identity"), "docker-reference");
        JsonNode optional = root.get("optional");
        if (!optional.isObject()) {
            throw new SkiffException("the signed content's \"optional\" is not an object");
        }
        String creator = optional.has("creator") ? text(optional, "creator") : null;
        Long timestamp = null;
        if (optional.has("timestamp")) {
            if (!optional.get("timestamp").canConvertToLong()) {
                throw new SkiffException("the signed content's optional.timestamp is not an integer");
            }
            timestamp = optional.get("timestamp").asLong();
        }
        return new SimpleSigningPayload(ref, digest, creator, timestamp);
    }

    private static String text(JsonNode obj, String field) {
        JsonNode v = obj.get(field);
        if (v == null || !v.isTextual()) {
            throw new SkiffException("the signed content's \"" + field + "\" is not a string");
        }
        return v.asText();
    }

    private static void exact(JsonNode obj, String what, Set<String> fields) {
        if (obj == null || !obj.isObject()) {
            throw new SkiffException("the signed content's " + what + " is not an object");
        }
        int n = 0;
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); n++) {
            String f = it.next();
            if (!fields.contains(f)) {
                throw new SkiffException("the signed content's " + what + " has unknown field \"" + f + "\"");
            }
        }
        if (n != fields.size()) {
            throw new SkiffException("the signed content's " + what + " lacks one of " + fields);
        }
    }
}
