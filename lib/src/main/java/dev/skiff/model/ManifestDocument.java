package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.name.Digest;

/**
 * A manifest as stored: an image manifest, an index, or a legacy schema 1 manifest (inspect only). The raw bytes are kept and are the truth;
 * a copy writes exactly them, so digests survive.
 */
public sealed interface ManifestDocument permits ImageManifest, ImageIndex, Schema1Manifest {
    byte[] raw();

    String mediaType();

    default Digest digest() {
        return Digest.sha256(raw());
    }

    default Descriptor descriptor() {
        return Descriptor.of(mediaType(), digest(), raw().length);
    }

    /**
     * Parses a manifest. {@code declaredMediaType} (Content-Type, descriptor mediaType) is used when
     * the document does not name its own; may be null.
     */
    static ManifestDocument parse(byte[] raw, String declaredMediaType) {
        JsonNode root = Json.parse(raw, "manifest");
        if (!root.isObject()) {
            throw new InvalidManifestException("manifest is not a JSON object");
        }
        JsonNode schema = root.get("schemaVersion");
        if (schema != null && schema.asInt() == 1) {
            return Schema1Manifest.fromJson(raw, root, MediaType.base(declaredMediaType));
        }
        boolean isIndex = root.has("manifests");
        boolean isManifest = root.has("config") || root.has("layers");
        if (isIndex && isManifest) {
            throw new InvalidManifestException(
                    "document is both a manifest and an index (it has \"manifests\" and \"config\"/\"layers\"); refusing an ambiguous document");
        }
        String field = Json.text(root, "mediaType");
        String declared = MediaType.base(declaredMediaType);
        String mediaType = field != null ? field : MediaType.isManifest(declared) ? declared : null;
        if (isIndex || MediaType.isIndex(mediaType)) {
            if (mediaType != null && !MediaType.isIndex(mediaType)) {
                throw new InvalidManifestException("document has \"manifests\" but media type " + mediaType);
            }
            return ImageIndex.fromJson(raw, root, mediaType == null ? MediaType.OCI_INDEX : mediaType);
        }
        if (isManifest || MediaType.isImageManifest(mediaType)) {
            if (mediaType != null && !MediaType.isImageManifest(mediaType)) {
                throw new InvalidManifestException("document has \"config\" but media type " + mediaType);
            }
            return ImageManifest.fromJson(raw, root, mediaType);
        }
        throw new InvalidManifestException("document is neither an image manifest nor an index"
                + (mediaType == null ? "" : " (media type " + mediaType + ")"));
    }
}
