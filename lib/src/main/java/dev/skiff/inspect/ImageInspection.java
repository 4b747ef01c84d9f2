package dev.skiff.inspect;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.model.Descriptor;
import dev.skiff.model.Json;
import dev.skiff.name.Digest;
import java.util.List;
import java.util.Map;

/**
 * What {@code skopeo inspect} reports about an image. {@code digest} is the digest of the manifest
 * the reference names (an index's, for an index); the rest describes the image chosen from it.
 */
public record ImageInspection(
        String name,
        Digest digest,
        List<String> repoTags,
        String created,
        String dockerVersion,
        Map<String, String> labels,
        String architecture,
        String variant,
        String os,
        List<LayerData> layers,
        List<String> env,
        String tag) {

    /** One layer as LayersData shows it; a schema 1 layer has no media type and size -1, as in skopeo. */
    public record LayerData(String mediaType, Digest digest, long size, Map<String, String> annotations) {
        public static LayerData of(Descriptor d) {
            return new LayerData(d.mediaType(), d.digest(), d.size(), d.annotations());
        }
    }

    /** The JSON object skopeo prints, fields in skopeo's order. */
    public ObjectNode toJson() {
        ObjectNode n = Json.object();
        if (name != null) {
            n.put("Name", name);
        }
        if (tag != null) {
            n.put("Tag", tag); // skopeo fills it only for schema 1 images, from the manifest's own tag
        }
        n.put("Digest", digest.toString());
        ArrayNode tags = n.putArray("RepoTags");
        repoTags.forEach(tags::add);
        // Go's *time.Time: null when absent, else re-formatted as RFC 3339 with trailing zeros trimmed.
        if (created == null || created.isEmpty()) {
            n.putNull("Created");
        } else {
            n.put("Created", dev.skiff.model.OciConfigJson.goTime(created));
        }
        n.put("DockerVersion", dockerVersion == null ? "" : dockerVersion);
        if (labels == null) {
            n.putNull("Labels");
        } else {
            // Go marshals maps with sorted keys; skopeo's Labels come out sorted.
            ObjectNode l = n.putObject("Labels");
            new java.util.TreeMap<>(labels).forEach(l::put);
        }
        n.put("Architecture", architecture == null ? "" : architecture);
        // skopeo's output has no Variant field (the config's variant shows in --config).
        n.put("Os", os == null ? "" : os);
        ArrayNode layerDigests = n.putArray("Layers");
        layers.forEach(d -> layerDigests.add(d.digest().toString()));
        ArrayNode data = n.putArray("LayersData");
        for (LayerData d : layers) {
            ObjectNode o = data.addObject();
            o.put("MIMEType", d.mediaType() == null ? "" : d.mediaType());
            o.put("Digest", d.digest().toString());
            o.put("Size", d.size());
            if (d.annotations() == null || d.annotations().isEmpty()) {
                o.putNull("Annotations");
            } else {
                ObjectNode a = o.putObject("Annotations");
                d.annotations().forEach(a::put);
            }
        }
        if (env == null) {
            n.putNull("Env");
        } else {
            ArrayNode e = n.putArray("Env");
            env.forEach(e::add);
        }
        return n;
    }
}
