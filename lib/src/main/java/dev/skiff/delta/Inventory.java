package dev.skiff.delta;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.GoJson;
import dev.skiff.model.Json;
import dev.skiff.name.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Collections;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * What a destination already holds, as a small JSON file taken at the site and carried out:
 * the manifest digest of every repository and tag ({@code repositories}), every manifest digest
 * (children of indexes too) and every blob digest. A delta bundle made against it carries every
 * manifest and only the blobs it lacks. {@code source} says where it was taken, for people.
 */
public record Inventory(
        String source, Map<String, Map<String, Digest>> repositories, Set<Digest> manifests, Set<Digest> blobs) {
    /** The {@code skiffInventory} version this writes and reads. */
    public static final int VERSION = 1;
    /** Inventories are small; past this a file is not one (rule 12: bounded reads of untrusted input). */
    static final int LIMIT = 256 * 1024 * 1024;

    public Inventory {
        Objects.requireNonNull(source, "source");
        Map<String, Map<String, Digest>> repos = new TreeMap<>();
        repositories.forEach((repo, tags) -> repos.put(repo, Collections.unmodifiableMap(new TreeMap<>(tags))));
        repositories = Collections.unmodifiableMap(repos);
        manifests = Collections.unmodifiableSet(sorted(manifests));
        blobs = Collections.unmodifiableSet(sorted(blobs));
    }

    private static Set<Digest> sorted(Set<Digest> digests) {
        Set<Digest> out = new TreeSet<>(java.util.Comparator.comparing(Digest::toString));
        out.addAll(digests);
        return out;
    }

    /** True when the destination holds this blob (or manifest: a layout stores both as blobs). */
    public boolean holds(Digest digest) {
        return blobs.contains(digest) || manifests.contains(digest);
    }

    /** The JSON document, indented as Go's MarshalIndent would, ending with a newline. */
    public byte[] toJson() {
        ObjectNode root = Json.object();
        root.put("skiffInventory", VERSION);
        root.put("source", source);
        ObjectNode repos = root.putObject("repositories");
        repositories.forEach((repo, tags) -> {
            ObjectNode t = repos.putObject(repo);
            tags.forEach((tag, digest) -> t.put(tag, digest.toString()));
        });
        ArrayNode m = root.putArray("manifests");
        manifests.forEach(d -> m.add(d.toString()));
        ArrayNode b = root.putArray("blobs");
        blobs.forEach(d -> b.add(d.toString()));
        return (GoJson.marshalIndent(root) + "\n").getBytes(StandardCharsets.UTF_8);
    }

    /** The digest of the file's bytes: what a delta bundle names as the inventory it was made against. */
    public static Digest digestOf(Path file) throws IOException {
        return Digest.sha256(readBytes(file));
    }

    /**
     * Reads an inventory file; anything else (missing, not JSON, another version, a bad digest)
     * is an {@link InvalidInventoryException} naming the file and what is wrong.
     */
    public static Inventory read(Path file) throws IOException {
        return parse(readBytes(file), file.toString());
    }

    static byte[] readBytes(Path file) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return BoundedRead.readAll(in, LIMIT, "inventory " + file);
        } catch (NoSuchFileException e) {
            throw new InvalidInventoryException(file.toString(), "no such file");
        } catch (dev.skiff.SkiffException e) {
            throw new InvalidInventoryException(file.toString(), e.getMessage());
        }
    }

    /** Parses an inventory's bytes; {@code where} names the file in errors. */
    public static Inventory parse(byte[] raw, String where) {
        JsonNode root;
        try {
            root = Json.tree(raw);
        } catch (IOException e) {
            throw new InvalidInventoryException(where, "it is not JSON (" + firstLine(e.getMessage()) + ")");
        }
        if (root == null || !root.isObject()) {
            throw new InvalidInventoryException(where, "it is not a JSON object");
        }
        JsonNode version = root.get("skiffInventory");
        if (version == null || !version.isInt()) {
            throw new InvalidInventoryException(
                    where, "it has no \"skiffInventory\" version (make one with inventory)");
        }
        if (version.asInt() != VERSION) {
            throw new InvalidInventoryException(
                    where, "it is version " + version.asInt() + "; this Skiff reads version " + VERSION);
        }
        Map<String, Map<String, Digest>> repositories = new LinkedHashMap<>();
        JsonNode repos = root.path("repositories");
        if (!repos.isMissingNode() && !repos.isObject()) {
            throw new InvalidInventoryException(where, "\"repositories\" is not an object");
        }
        for (Iterator<Map.Entry<String, JsonNode>> it = repos.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> repo = it.next();
            if (!repo.getValue().isObject()) {
                throw new InvalidInventoryException(where, "repository \"" + repo.getKey() + "\" is not an object");
            }
            Map<String, Digest> tags = new LinkedHashMap<>();
            for (Iterator<Map.Entry<String, JsonNode>> t = repo.getValue().fields(); t.hasNext(); ) {
                Map.Entry<String, JsonNode> tag = t.next();
                tags.put(tag.getKey(), digest(tag.getValue(), where, repo.getKey() + ":" + tag.getKey()));
            }
            repositories.put(repo.getKey(), tags);
        }
        return new Inventory(
                root.path("source").asText(""),
                repositories,
                digests(root.path("manifests"), where, "manifests"),
                digests(root.path("blobs"), where, "blobs"));
    }

    private static Set<Digest> digests(JsonNode list, String where, String field) {
        Set<Digest> out = new TreeSet<>(java.util.Comparator.comparing(Digest::toString));
        if (list.isMissingNode()) {
            return out;
        }
        if (!list.isArray()) {
            throw new InvalidInventoryException(where, "\"" + field + "\" is not a list of digests");
        }
        for (int i = 0; i < list.size(); i++) {
            out.add(digest(list.get(i), where, field + "[" + i + "]"));
        }
        return out;
    }

    private static Digest digest(JsonNode value, String where, String what) {
        if (value == null || !value.isTextual() || !Digest.isValid(value.asText())) {
            throw new InvalidInventoryException(
                    where, what + " is not a digest: " + (value == null ? "nothing" : value.toString()));
        }
        return Digest.parse(value.asText());
    }

    private static String firstLine(String text) {
        if (text == null) {
            return "unreadable";
        }
        int nl = text.indexOf('\n');
        return nl < 0 ? text : text.substring(0, nl);
    }
}
