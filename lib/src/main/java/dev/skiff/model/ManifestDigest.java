package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.name.Digest;
import java.util.Arrays;
import java.util.Base64;

/**
 * The digest a registry gives a manifest's bytes, as containers/image's {@code manifest.Digest}:
 * sha256 of the bytes, except for a signed schema 1 manifest (JWS), whose digest is that of the
 * payload without its signatures (rebuilt from the first signature's {@code formatLength} and
 * {@code formatTail}, as libtrust does).
 */
public final class ManifestDigest {
    private ManifestDigest() {}

    public static Digest of(byte[] raw) {
        byte[] payload = signedSchema1Payload(raw);
        return Digest.sha256(payload != null ? payload : raw);
    }

    private static byte[] signedSchema1Payload(byte[] raw) {
        JsonNode root;
        try {
            root = Json.tree(raw);
        } catch (java.io.IOException e) {
            return null;
        }
        if (root == null
                || !root.isObject()
                || root.path("schemaVersion").asInt() != 1
                || !root.path("signatures").isArray()
                || root.path("signatures").isEmpty()) {
            return null;
        }
        JsonNode protectedHeader = root.path("signatures").get(0).get("protected");
        if (protectedHeader == null) {
            return null;
        }
        JsonNode header = Json.parse(
                Base64.getUrlDecoder().decode(padless(protectedHeader.asText())), "schema 1 signature header");
        int length = header.path("formatLength").asInt(-1);
        if (length < 0 || length > raw.length) {
            throw new InvalidManifestException("schema 1 signature has an invalid formatLength " + length);
        }
        byte[] tail =
                Base64.getUrlDecoder().decode(padless(header.path("formatTail").asText("")));
        byte[] payload = Arrays.copyOf(raw, length + tail.length);
        System.arraycopy(tail, 0, payload, length, tail.length);
        return payload;
    }

    private static String padless(String base64) {
        return base64.replace("=", "");
    }
}
