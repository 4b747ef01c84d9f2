package dev.skiff.transport.registry;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.Json;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
import dev.skiff.name.Digest;
import dev.skiff.registry.RawManifest;
import dev.skiff.registry.RegistryClient;
import dev.skiff.trust.SigstoreSignature;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.TreeMap;

/**
 * Sigstore signatures stored in the registry as cosign stores them and containers/image does with
 * registries.d's {@code use-sigstore-attachments: true}: an OCI manifest tagged {@code sha256-HEX.sig}
 * in the image's own repository, one layer per signature (the payload as the blob, the signature and
 * any certificate as the layer's annotations), its config an empty image config whose diff_ids list
 * the payloads ({@code docker/docker_image_dest.go putSignaturesToSigstoreAttachments}).
 */
public final class SigstoreAttachments {
    /** containers/image's {@code iolimits.MaxSignatureBodySize}: a signature payload is small. */
    static final int PAYLOAD_LIMIT = 4 * 1024 * 1024;

    private final RegistryClient client;
    private final String repository;

    public SigstoreAttachments(RegistryClient client, String repository) {
        this.client = client;
        this.repository = repository;
    }

    /** {@code sha256-HEX.sig}: the tag the signatures of the manifest with {@code digest} live under. */
    public static String tag(Digest manifestDigest) {
        return manifestDigest.algorithm() + "-" + manifestDigest.hex() + ".sig";
    }

    /**
     * Every attachment of the manifest with {@code manifestDigest}, as signatures (their media type
     * says which are simple signing payloads; the policy decides what to do with the others); none
     * when it has no attachment manifest.
     */
    public List<SigstoreSignature> read(Digest manifestDigest) {
        Optional<ImageManifest> manifest = attachmentManifest(manifestDigest);
        List<SigstoreSignature> signatures = new ArrayList<>();
        if (manifest.isEmpty()) {
            return signatures;
        }
        for (Descriptor layer : manifest.get().layers()) {
            byte[] payload = readBlob(layer, PAYLOAD_LIMIT, "sigstore attachment " + layer.digest());
            signatures.add(new SigstoreSignature(layer.mediaType(), payload, layer.annotations()));
        }
        return signatures;
    }

    /**
     * Adds {@code signatures} to the attachment manifest of {@code manifestDigest}, keeping those it
     * already has and skipping any already there (same media type, payload and annotations), as
     * containers/image does. Payload blobs and the config go first, the manifest last, so a reader
     * never sees a manifest whose blobs are missing.
     */
    public void write(Digest manifestDigest, List<SigstoreSignature> signatures) {
        Optional<ImageManifest> existing = attachmentManifest(manifestDigest);
        List<Descriptor> layers = new ArrayList<>();
        ObjectNode config;
        if (existing.isPresent()) {
            layers.addAll(existing.get().layers());
            Descriptor configDescriptor = existing.get().config();
            JsonNode parsed = Json.parse(
                    readBlob(configDescriptor, BoundedRead.MANIFEST_LIMIT, "sigstore attachment config"),
                    "sigstore attachment config " + configDescriptor.digest());
            if (!parsed.isObject()) {
                throw new SkiffException("sigstore attachment config " + configDescriptor.digest() + " in " + repository
                        + " is not a JSON object");
            }
            config = (ObjectNode) parsed;
        } else {
            config = emptyConfig();
        }
        ObjectNode rootfs = config.with("rootfs");
        ArrayNode diffIds = rootfs.withArray("diff_ids");
        boolean added = false;
        for (SigstoreSignature signature : signatures) {
            byte[] payload = signature.untrustedPayload();
            Descriptor layer = new Descriptor(
                    signature.untrustedMimeType(),
                    Digest.sha256(payload),
                    payload.length,
                    null,
                    new TreeMap<>(signature.untrustedAnnotations()), // Go writes map keys sorted
                    null,
                    null);
            if (layers.stream().anyMatch(l -> sameSignature(l, layer))) {
                continue;
            }
            upload(layer, payload);
            layers.add(layer);
            diffIds.add(layer.digest().toString());
            added = true;
        }
        if (!added && existing.isPresent()) {
            return; // nothing new: leave the registry untouched
        }
        byte[] configBytes = Json.bytes(config);
        Descriptor configDescriptor =
                Descriptor.of(MediaType.OCI_CONFIG, Digest.sha256(configBytes), configBytes.length);
        upload(configDescriptor, configBytes);
        client.putManifest(repository, tag(manifestDigest), manifest(configDescriptor, layers), MediaType.OCI_MANIFEST);
    }

    /** The attachment manifest of {@code manifestDigest}, or empty when the registry has none. */
    private Optional<ImageManifest> attachmentManifest(Digest manifestDigest) {
        String tag = tag(manifestDigest);
        if (client.headManifest(repository, tag).isEmpty()) {
            return Optional.empty();
        }
        RawManifest raw = client.getManifest(repository, tag);
        String where = "sigstore attachment manifest " + repository + ":" + tag;
        if (!MediaType.OCI_MANIFEST.equals(raw.contentType())) {
            throw new SkiffException("unexpected MIME type for " + where + " at " + client.registry() + ": \""
                    + raw.contentType() + "\"");
        }
        ManifestDocument document = ManifestDocument.parse(raw.raw(), raw.contentType());
        if (!(document instanceof ImageManifest manifest)) {
            throw new SkiffException(where + " at " + client.registry() + " is not an image manifest");
        }
        return Optional.of(manifest);
    }

    /** An image config with nothing in it but the rootfs, as Go marshals containers/image's empty {@code imgspecv1.Image}. */
    static ObjectNode emptyConfig() {
        ObjectNode config = Json.object();
        config.put("architecture", "");
        config.put("os", "");
        config.putObject("config");
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        rootfs.putArray("diff_ids");
        return config;
    }

    /** As containers/image's {@code OCI1.Serialize}: schemaVersion, mediaType, config, layers. */
    static byte[] manifest(Descriptor config, List<Descriptor> layers) {
        ObjectNode json = Json.object();
        json.put("schemaVersion", 2);
        json.put("mediaType", MediaType.OCI_MANIFEST);
        json.set("config", config.toJson());
        ArrayNode array = json.putArray("layers");
        layers.forEach(l -> array.add(l.toJson()));
        return Json.bytes(json);
    }

    /** containers/image's {@code layerMatchesSigstoreSignature}. */
    private static boolean sameSignature(Descriptor layer, Descriptor candidate) {
        return java.util.Objects.equals(layer.mediaType(), candidate.mediaType())
                && layer.size() == candidate.size()
                && layer.digest().equals(candidate.digest())
                && layer.annotations().equals(candidate.annotations());
    }

    private void upload(Descriptor blob, byte[] content) {
        if (client.blobExists(repository, blob.digest())) {
            return;
        }
        try {
            client.uploadBlob(repository, blob.digest(), content.length, new ByteArrayInputStream(content));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** A small blob, read whole and checked against its descriptor's size and digest. */
    private byte[] readBlob(Descriptor blob, int limit, String what) {
        if (blob.size() > limit) {
            throw new SkiffException(what + " in " + repository + " is " + blob.size() + " bytes, more than the "
                    + (limit / (1024 * 1024)) + " MiB a signature may be");
        }
        byte[] bytes;
        try (InputStream in = client.getBlob(repository, blob.digest())) {
            bytes = BoundedRead.readAll(in, (int) blob.size(), what);
        } catch (IOException e) {
            throw new SkiffException("cannot read " + what + " from " + repository + ": " + e.getMessage(), e);
        }
        Digest actual = blob.digest().withHash(blob.digest().newHasher().digest(bytes));
        if (bytes.length != blob.size() || !actual.equals(blob.digest())) {
            throw new SkiffException(what + " in " + repository + " does not match its descriptor: got " + actual + ", "
                    + bytes.length + " bytes");
        }
        return bytes;
    }
}
