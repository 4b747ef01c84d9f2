package dev.skiff.transport.dockersave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.model.Json;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code manifest.json} of a {@code docker save} archive: one item per image, each naming its
 * config file, its tags and its layer files (paths inside the archive, in rootfs order).
 */
record SaveManifest(List<Item> items) {
    static final String FILE = "manifest.json";
    /** docker and skopeo bound manifest.json at 1 MiB; a larger one is not a docker-archive. */
    static final int LIMIT = 1024 * 1024;

    SaveManifest {
        items = List.copyOf(items);
    }

    record Item(String config, List<String> repoTags, List<String> layers) {
        Item {
            repoTags = List.copyOf(repoTags);
            layers = List.copyOf(layers);
        }
    }

    static SaveManifest parse(byte[] raw, String archive) {
        JsonNode root;
        try {
            root = Json.parse(raw, FILE + " in " + archive);
        } catch (RuntimeException e) {
            throw new SkiffException(e.getMessage());
        }
        if (!root.isArray()) {
            throw new SkiffException(FILE + " in " + archive + " is not a JSON array of images");
        }
        List<Item> items = new ArrayList<>();
        for (int i = 0; i < root.size(); i++) {
            JsonNode item = root.get(i);
            String where = FILE + " in " + archive + ", image @" + i;
            JsonNode config = item.get("Config");
            if (config == null || !config.isTextual() || config.asText().isEmpty()) {
                throw new SkiffException(where + " has no Config");
            }
            items.add(new Item(
                    config.asText(),
                    strings(item.get("RepoTags"), where + " RepoTags"),
                    strings(item.get("Layers"), where + " Layers")));
        }
        return new SaveManifest(items);
    }

    private static List<String> strings(JsonNode node, String where) {
        List<String> out = new ArrayList<>();
        if (node == null || node.isNull()) {
            return out;
        }
        if (!node.isArray()) {
            throw new SkiffException(where + " is not a list of strings");
        }
        for (JsonNode n : node) {
            if (!n.isTextual()) {
                throw new SkiffException(where + " is not a list of strings");
            }
            out.add(n.asText());
        }
        return out;
    }

    /** The bytes docker writes: {@code [{"Config":…,"RepoTags":[…],"Layers":[…]}]}. */
    byte[] toBytes() {
        ArrayNode root = Json.array();
        for (Item item : items) {
            ObjectNode n = root.addObject();
            n.put("Config", item.config());
            item.repoTags().forEach(n.putArray("RepoTags")::add);
            item.layers().forEach(n.putArray("Layers")::add);
        }
        return Json.bytes(root);
    }
}
