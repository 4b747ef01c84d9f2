package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.name.Digest;
import java.util.ArrayList;
import java.util.List;

/**
 * A Docker v2 schema 1 manifest (signed or not): readable for {@code inspect}, never copied. Its
 * image description is the first history entry's {@code v1Compatibility} JSON; its layers are
 * {@code fsLayers} in reverse, as skopeo lists them.
 */
public record Schema1Manifest(
        byte[] raw, String mediaType, String name, String tag, List<Digest> fsLayers, List<String> v1Compatibility)
        implements ManifestDocument {
    public Schema1Manifest {
        fsLayers = List.copyOf(fsLayers);
        v1Compatibility = List.copyOf(v1Compatibility);
    }

    /** Signatures are not part of what the registry hashes. */
    @Override
    public Digest digest() {
        return ManifestDigest.of(raw);
    }

    static Schema1Manifest fromJson(byte[] raw, JsonNode root, String declared) {
        JsonNode layers = root.get("fsLayers");
        JsonNode history = root.get("history");
        if (layers == null
                || !layers.isArray()
                || history == null
                || !history.isArray()
                || layers.size() != history.size()
                || layers.isEmpty()) {
            throw new InvalidManifestException(
                    "schema 1 manifest needs fsLayers and history of the same, non-zero length");
        }
        List<Digest> digests = new ArrayList<>();
        List<String> compat = new ArrayList<>();
        try {
            for (int i = 0; i < layers.size(); i++) {
                digests.add(Digest.parse(layers.get(i).path("blobSum").asText()));
                compat.add(history.get(i).path("v1Compatibility").asText());
            }
        } catch (RuntimeException e) {
            throw new InvalidManifestException("schema 1 manifest has an invalid fsLayers entry: " + e.getMessage());
        }
        String mediaType = root.has("signatures")
                ? MediaType.DOCKER_SCHEMA1_SIGNED
                : MediaType.isSchema1(declared) ? declared : MediaType.DOCKER_SCHEMA1;
        return new Schema1Manifest(raw, mediaType, Json.text(root, "name"), Json.text(root, "tag"), digests, compat);
    }

    /** The image description skopeo reads: the newest history entry's v1Compatibility. */
    public JsonNode image() {
        return Json.parse(
                v1Compatibility.get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8), "schema 1 v1Compatibility");
    }

    /** Layer digests, base first: {@code fsLayers} reversed, empty (throwaway) ones included, as skopeo 1.9.3 lists them. */
    public List<Digest> layers() {
        List<Digest> out = new ArrayList<>(fsLayers);
        java.util.Collections.reverse(out);
        return out;
    }

    /** The error for anything that would copy this manifest. */
    public InvalidManifestException notCopyable(String where) {
        return new InvalidManifestException(where + " is a Docker schema 1 manifest (" + mediaType
                + "), which Skiff reads for inspect but does not copy: ask the registry for a newer format "
                + "(push the image again with a current client, or convert it with a tool that still writes schema 1)");
    }
}
