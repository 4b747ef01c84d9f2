package dev.skiff.trust;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.model.Json;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A sigstore (cosign) signature: the payload (a simple signing JSON, media type
 * {@value #SIMPLE_SIGNING_MIME_TYPE}) and its annotations, the signature itself being the base64
 * value of {@value #SIGNATURE_ANNOTATION}. In a registry it is one layer of the cosign attachment
 * manifest (tag {@code sha256-HEX.sig}); in {@code dir:} it is a blob in containers/image's
 * {@code sigstore-json} format.
 */
public record SigstoreSignature(
        String untrustedMimeType, byte[] untrustedPayload, Map<String, String> untrustedAnnotations)
        implements Signature {
    public static final String FORMAT = "sigstore-json";
    public static final String SIMPLE_SIGNING_MIME_TYPE = "application/vnd.dev.cosign.simplesigning.v1+json";
    public static final String SIGNATURE_ANNOTATION = "dev.cosignproject.cosign/signature";

    public SigstoreSignature {
        untrustedAnnotations = Collections.unmodifiableMap(new LinkedHashMap<>(untrustedAnnotations));
    }

    @Override
    public byte[] toBlob() {
        ObjectNode json = Json.object();
        json.put("mimeType", untrustedMimeType);
        json.put("payload", Base64.getEncoder().encodeToString(untrustedPayload));
        ObjectNode annotations = json.putObject("annotations");
        untrustedAnnotations.forEach(annotations::put);
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        out.write(0);
        out.writeBytes(FORMAT.getBytes(StandardCharsets.UTF_8));
        out.write('\n');
        out.writeBytes(Json.bytes(json));
        return out.toByteArray();
    }

    static SigstoreSignature fromBlobData(byte[] data) {
        JsonNode json = Json.parse(data, "sigstore signature");
        if (!json.path("mimeType").isTextual() || !json.path("payload").isTextual()) {
            throw new SkiffException("sigstore signature lacks mimeType or payload");
        }
        Map<String, String> annotations = new LinkedHashMap<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = json.path("annotations").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            annotations.put(e.getKey(), e.getValue().asText());
        }
        byte[] payload;
        try {
            payload = Base64.getDecoder().decode(json.get("payload").asText());
        } catch (IllegalArgumentException e) {
            throw new SkiffException("sigstore signature payload is not base64", e);
        }
        return new SigstoreSignature(json.get("mimeType").asText(), payload, annotations);
    }
}
