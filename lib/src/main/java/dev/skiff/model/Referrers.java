package dev.skiff.model;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.name.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * The formats of referrers, no I/O: OCI distribution 1.1's fallback tag ("Referrers Tag Schema":
 * {@code <alg>-<hex>}, an OCI index of the referrers' descriptors), cosign's tags beside an image
 * ({@code <alg>-<hex>.sig}, {@code .att}, {@code .sbom}), and the descriptor a referrers list gives a
 * manifest (image-spec: {@code artifactType}, else the config's media type; its annotations).
 */
public final class Referrers {
    /** The suffixes cosign gives the tags of an image's signatures, attestations and SBOMs. */
    public static final List<String> COSIGN_SUFFIXES = List.of(".sig", ".att", ".sbom");

    private static final java.util.regex.Pattern TAG =
            java.util.regex.Pattern.compile("(^|.*:)(sha256|sha512)-[0-9a-f]{64}([0-9a-f]{64})?(\\.(sig|att|sbom))?$");

    private Referrers() {}

    /**
     * True when {@code reference} ends in a tag that names referrers ({@code sha256-HEX}, or cosign's
     * {@code sha256-HEX.sig}, {@code .att}, {@code .sbom}) rather than an image of its own.
     */
    public static boolean namesReferrerTag(String reference) {
        return TAG.matcher(reference).matches();
    }

    /** {@code sha256-HEX}: the tag a registry without the referrers API keeps an image's referrers under. */
    public static String fallbackTag(Digest subject) {
        // the schema truncates the algorithm to 32 characters and the hex to 64 (a sha512 digest's tag)
        String alg = subject.algorithm();
        String hex = subject.hex();
        return alg.substring(0, Math.min(32, alg.length())) + "-" + hex.substring(0, Math.min(64, hex.length()));
    }

    /** cosign's tags for {@code subject}: {@code sha256-HEX.sig}, {@code .att}, {@code .sbom} (the whole hex). */
    public static List<String> cosignTags(Digest subject) {
        return COSIGN_SUFFIXES.stream()
                .map(s -> subject.algorithm() + "-" + subject.hex() + s)
                .toList();
    }

    /** The manifest's {@code artifactType}, else (image-spec) its config's media type; null for an index without one. */
    public static String artifactType(ManifestDocument manifest) {
        String declared = declaredArtifactType(manifest);
        if (declared != null) {
            return declared;
        }
        return manifest instanceof ImageManifest m ? m.config().mediaType() : null;
    }

    /**
     * What {@code --referrers-type} matches: the {@code artifactType}, else for an image manifest with
     * layers (a cosign tag, which declares none) its first layer's media type, else the config's.
     */
    public static String filterType(ManifestDocument manifest) {
        String declared = declaredArtifactType(manifest);
        if (declared != null) {
            return declared;
        }
        if (manifest instanceof ImageManifest m) {
            return m.layers().isEmpty()
                    ? m.config().mediaType()
                    : m.layers().get(0).mediaType();
        }
        return null;
    }

    private static String declaredArtifactType(ManifestDocument manifest) {
        JsonNode type = Json.parse(manifest.raw(), "manifest").get("artifactType");
        return type != null && type.isTextual() && !type.asText().isEmpty() ? type.asText() : null;
    }

    /** The subject the manifest names (image manifests and indexes may have one), or null. */
    public static Digest subject(ManifestDocument manifest) {
        if (manifest instanceof ImageManifest m) {
            return m.subject() == null ? null : m.subject().digest();
        }
        JsonNode subject = Json.parse(manifest.raw(), "manifest").get("subject");
        return subject == null
                ? null
                : Descriptor.fromJson(subject, "index subject").digest();
    }

    /** The descriptor a referrers list gives {@code manifest}: media type, digest, size, artifactType, annotations. */
    public static Descriptor descriptor(ManifestDocument manifest) {
        Map<String, String> annotations = manifest instanceof ImageManifest m
                ? m.annotations()
                : manifest instanceof ImageIndex i ? i.annotations() : Map.of();
        return new Descriptor(
                manifest.mediaType(),
                manifest.digest(),
                manifest.raw().length,
                null,
                new LinkedHashMap<>(annotations),
                null,
                artifactType(manifest));
    }

    /** The descriptors an index of referrers (the API's answer, a fallback tag) lists. */
    public static List<Descriptor> listed(byte[] index, String where) {
        ManifestDocument doc = ManifestDocument.parse(index, MediaType.OCI_INDEX);
        if (!(doc instanceof ImageIndex i)) {
            throw new InvalidManifestException(where + " is not an image index");
        }
        return i.manifests();
    }

    /**
     * The fallback tag index with {@code added} merged into {@code existing} (its entries kept, in
     * order; an added descriptor whose digest is already listed is not listed twice), or null when
     * nothing is new. {@code existing} may be null (no index yet).
     */
    public static byte[] merge(List<Descriptor> existing, List<Descriptor> added) {
        List<Descriptor> all = new ArrayList<>(existing == null ? List.of() : existing);
        boolean changed = existing == null;
        for (Descriptor d : added) {
            if (all.stream().noneMatch(e -> e.digest().equals(d.digest()))) {
                all.add(d);
                changed = true;
            }
        }
        return changed ? index(all) : null;
    }

    /** An OCI image index listing {@code manifests}, as the referrers API answers. */
    public static byte[] index(List<Descriptor> manifests) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaType.OCI_INDEX);
        ArrayNode list = root.putArray("manifests");
        manifests.forEach(d -> list.add(d.toJson()));
        return Json.bytes(root);
    }
}
