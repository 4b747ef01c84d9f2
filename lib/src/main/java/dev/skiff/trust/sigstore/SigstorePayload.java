package dev.skiff.trust.sigstore;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.model.Json;
import dev.skiff.name.Digest;
import java.util.Iterator;
import java.util.Set;
import java.util.TreeSet;

/**
 * The payload a sigstore signature signs: cosign's "simple signing" JSON, as containers/image
 * writes it ({@code signature/internal/sigstore_payload.go}):
 *
 * <pre>
 * {"critical":{"identity":{"docker-reference":REF},"image":{"docker-manifest-digest":DIGEST},
 *   "type":"cosign container image signature"},"optional":{"creator":…,"timestamp":…}}
 * </pre>
 *
 * Keys in sorted order and no spaces, as Go's {@code json.Marshal} of maps. Parsing is as strict as
 * containers/image's: exactly these fields in {@code critical}, any in {@code optional} (cosign
 * writes {@code "optional": null}), an integer timestamp.
 *
 * @param creator null when absent
 * @param timestamp Unix seconds; null when absent
 */
public record SigstorePayload(Digest manifestDigest, String dockerReference, String creator, Long timestamp) {
    public static final String TYPE = "cosign container image signature";

    public byte[] toJson() {
        if (manifestDigest == null || dockerReference == null || dockerReference.isEmpty()) {
            throw new IllegalStateException("a sigstore payload needs a manifest digest and a docker reference");
        }
        ObjectNode json = Json.object();
        ObjectNode critical = json.putObject("critical");
        critical.putObject("identity").put("docker-reference", dockerReference);
        critical.putObject("image").put("docker-manifest-digest", manifestDigest.toString());
        critical.put("type", TYPE);
        ObjectNode optional = json.putObject("optional");
        if (creator != null) {
            optional.put("creator", creator);
        }
        if (timestamp != null) {
            optional.put("timestamp", timestamp.longValue());
        }
        return Json.bytes(json);
    }

    /** The payload's claims, still untrusted: call this only on a payload whose signature verified. */
    public static SigstorePayload parse(byte[] payload) {
        JsonNode json;
        try {
            json = Json.tree(payload);
        } catch (java.io.IOException e) {
            throw invalid("it is not JSON");
        }
        exactFields(json, "payload", "critical", "optional");
        JsonNode optional = json.get("optional");
        String creator = null;
        Long timestamp = null;
        if (!optional.isNull()) {
            if (!optional.isObject()) {
                throw invalid("optional is not an object");
            }
            JsonNode c = optional.get("creator");
            if (c != null) {
                if (!c.isTextual()) {
                    throw invalid("optional.creator is not a string");
                }
                creator = c.asText();
            }
            JsonNode t = optional.get("timestamp");
            if (t != null) {
                if (!t.isIntegralNumber() && !(t.isNumber() && t.asDouble() == Math.rint(t.asDouble()))) {
                    throw invalid("optional.timestamp is not an integer");
                }
                timestamp = t.asLong();
            }
        }
        JsonNode critical = json.get("critical");
        exactFields(critical, "critical", "type", "image", "identity");
        if (!critical.get("type").isTextual()
                || !TYPE.equals(critical.get("type").asText())) {
            throw invalid("unrecognized signature type " + critical.get("type"));
        }
        JsonNode image = critical.get("image");
        exactFields(image, "critical.image", "docker-manifest-digest");
        JsonNode digest = image.get("docker-manifest-digest");
        if (!digest.isTextual() || !Digest.isValid(digest.asText())) {
            throw invalid("invalid docker-manifest-digest value " + digest);
        }
        JsonNode identity = critical.get("identity");
        exactFields(identity, "critical.identity", "docker-reference");
        if (!identity.get("docker-reference").isTextual()) {
            throw invalid("critical.identity.docker-reference is not a string");
        }
        return new SigstorePayload(
                Digest.parse(digest.asText()), identity.get("docker-reference").asText(), creator, timestamp);
    }

    private static void exactFields(JsonNode node, String what, String... names) {
        if (node == null || !node.isObject()) {
            throw invalid(what + " is not a JSON object");
        }
        Set<String> expected = Set.of(names);
        Set<String> seen = new TreeSet<>();
        for (Iterator<String> it = node.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!expected.contains(name)) {
                throw invalid(what + " has an unexpected field \"" + name + "\"");
            }
            seen.add(name);
        }
        for (String name : names) {
            if (!seen.contains(name)) {
                throw invalid(what + " lacks the field \"" + name + "\"");
            }
        }
    }

    private static SkiffException invalid(String why) {
        return new SkiffException("invalid sigstore signature payload: " + why);
    }
}
