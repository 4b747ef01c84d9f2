package dev.skiff.trust.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Reads a policy.json (containers-policy.json(5)) as strictly as containers/image does: unknown
 * fields, unknown requirement types and empty requirement lists are errors, each naming the file,
 * the line and the field.
 */
public final class PolicyParser {
    private final String file;
    private final Path baseDir;
    private LocatedJson json;

    private PolicyParser(String file, Path baseDir) {
        this.file = file;
        this.baseDir = baseDir;
    }

    public static Policy read(Path path) {
        byte[] raw;
        try {
            raw = Files.readAllBytes(path);
        } catch (java.nio.file.NoSuchFileException e) {
            throw new PolicyException("cannot read policy " + path + ": it does not exist", path.toString(), e);
        } catch (IOException e) {
            throw new PolicyException(
                    "cannot read policy " + path + ": " + (e.getMessage() == null ? e.toString() : e.getMessage()),
                    path.toString(),
                    e);
        }
        Path abs = path.toAbsolutePath();
        return new PolicyParser(path.toString(), abs.getParent()).parse(raw, path);
    }

    /** Parses policy text; {@code name} names it in errors, relative key paths resolve against {@code baseDir}. */
    public static Policy parse(byte[] raw, String name, Path baseDir) {
        return new PolicyParser(name, baseDir).parse(raw, null);
    }

    private Policy parse(byte[] raw, Path source) {
        try {
            json = LocatedJson.parse(raw);
        } catch (JsonProcessingException e) {
            int line = e.getLocation() == null ? 0 : e.getLocation().getLineNr();
            throw fail(line, "is not valid JSON: " + e.getOriginalMessage());
        } catch (IOException e) {
            throw fail(0, "cannot be read: " + e.getMessage());
        }
        JsonNode root = json.root;
        if (!root.isObject()) {
            throw fail(json.line(root), "must be a JSON object with \"default\" and optionally \"transports\"");
        }
        only(root, "policy", Set.of("default", "transports"));
        if (!root.has("default")) {
            throw fail(json.line(root), "field \"default\" is missing (the requirements for images no scope names)");
        }
        List<PolicyRequirement> defaults = requirements(root.get("default"), "default");
        Map<String, Map<String, List<PolicyRequirement>>> transports = new LinkedHashMap<>();
        JsonNode t = root.get("transports");
        if (t != null && !t.isNull()) {
            if (!t.isObject()) {
                throw fail(json.line(t), "field \"transports\" must be an object of transport names");
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = t.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                String transport = e.getKey();
                JsonNode scopes = e.getValue();
                if (!scopes.isObject()) {
                    throw fail(
                            json.line(t, transport),
                            "field \"transports." + transport + "\" must be an object of scopes");
                }
                Map<String, List<PolicyRequirement>> byScope = new LinkedHashMap<>();
                for (Iterator<Map.Entry<String, JsonNode>> s = scopes.fields(); s.hasNext(); ) {
                    Map.Entry<String, JsonNode> scope = s.next();
                    String where = "transports." + transport + "[\"" + scope.getKey() + "\"]";
                    PolicyScopes.validateScope(transport, scope.getKey()).ifPresent(why -> {
                        throw fail(json.line(scopes, scope.getKey()), "scope " + where + " is invalid: " + why);
                    });
                    byScope.put(scope.getKey(), requirements(scope.getValue(), where));
                }
                transports.put(transport, byScope);
            }
        }
        return new Policy(source, defaults, transports);
    }

    private List<PolicyRequirement> requirements(JsonNode list, String where) {
        if (!list.isArray()) {
            throw fail(json.line(list), "field \"" + where + "\" must be a list of requirements");
        }
        if (list.isEmpty()) {
            throw fail(
                    json.line(list), "field \"" + where + "\" is an empty list (say insecureAcceptAnything or reject)");
        }
        List<PolicyRequirement> out = new ArrayList<>();
        for (JsonNode r : list) {
            out.add(requirement(r, where));
        }
        return out;
    }

    private PolicyRequirement requirement(JsonNode r, String where) {
        if (!r.isObject()) {
            throw fail(json.line(r), "a requirement in \"" + where + "\" must be an object with \"type\"");
        }
        JsonNode type = r.get("type");
        if (type == null || !type.isTextual()) {
            throw fail(json.line(r), "a requirement in \"" + where + "\" lacks field \"type\"");
        }
        String what = "requirement " + type.asText() + " in \"" + where + "\"";
        return switch (type.asText()) {
            case "insecureAcceptAnything" -> {
                only(r, what, Set.of("type"));
                yield new PolicyRequirement.InsecureAcceptAnything();
            }
            case "reject" -> {
                only(r, what, Set.of("type"));
                yield new PolicyRequirement.Reject();
            }
            case "signedBy" -> signedBy(r, what);
            case "sigstoreSigned" -> sigstoreSigned(r, what);
            default ->
                throw fail(
                        json.line(r, "type"),
                        "field \"type\" of a requirement in \"" + where + "\": unknown requirement type \""
                                + type.asText()
                                + "\" (known: insecureAcceptAnything, reject, signedBy, sigstoreSigned)");
        };
    }

    private PolicyRequirement signedBy(JsonNode r, String what) {
        only(r, what, Set.of("type", "keyType", "keyPath", "keyPaths", "keyData", "signedIdentity"));
        String keyType = text(r, "keyType", what, true);
        if (!Set.of("GPGKeys", "signedByGPGKeys", "X509Certificates", "signedByX509CAs")
                .contains(keyType)) {
            throw fail(
                    json.line(r, "keyType"), "field \"keyType\" of " + what + ": unknown key type \"" + keyType + "\"");
        }
        List<Path> paths = new ArrayList<>();
        byte[] data = null;
        int sources = 0;
        if (r.has("keyPath")) {
            sources++;
            paths.add(path(text(r, "keyPath", what, true)));
        }
        if (r.has("keyPaths")) {
            sources++;
            JsonNode list = r.get("keyPaths");
            if (!list.isArray() || list.isEmpty()) {
                throw fail(
                        json.line(r, "keyPaths"),
                        "field \"keyPaths\" of " + what + " must be a non-empty list of paths");
            }
            for (JsonNode p : list) {
                if (!p.isTextual()) {
                    throw fail(
                            json.line(r, "keyPaths"), "field \"keyPaths\" of " + what + " must list paths as strings");
                }
                paths.add(path(p.asText()));
            }
        }
        if (r.has("keyData")) {
            sources++;
            data = base64(r, "keyData", what);
        }
        if (sources != 1) {
            throw fail(json.line(r), what + " needs exactly one of \"keyPath\", \"keyPaths\" and \"keyData\"");
        }
        return new PolicyRequirement.SignedBy(keyType, paths, data, identity(r, what));
    }

    private PolicyRequirement sigstoreSigned(JsonNode r, String what) {
        only(
                r,
                what,
                Set.of(
                        "type",
                        "keyPath",
                        "keyData",
                        "fulcio",
                        "rekorPublicKeyPath",
                        "rekorPublicKeyData",
                        "signedIdentity"));
        Path keyPath = r.has("keyPath") ? path(text(r, "keyPath", what, true)) : null;
        byte[] keyData = r.has("keyData") ? base64(r, "keyData", what) : null;
        int sources = (keyPath != null ? 1 : 0) + (keyData != null ? 1 : 0) + (r.has("fulcio") ? 1 : 0);
        if (sources != 1) {
            throw fail(json.line(r), what + " needs exactly one of \"keyPath\", \"keyData\" and \"fulcio\"");
        }
        return new PolicyRequirement.SigstoreSigned(keyPath, keyData, identity(r, what), r);
    }

    private SignedIdentity identity(JsonNode r, String what) {
        JsonNode id = r.get("signedIdentity");
        if (id == null || id.isNull()) {
            return SignedIdentity.DEFAULT;
        }
        String where = "field \"signedIdentity\" of " + what;
        if (!id.isObject() || !id.path("type").isTextual()) {
            throw fail(json.line(r, "signedIdentity"), where + " must be an object with \"type\"");
        }
        SignedIdentity.Kind kind = SignedIdentity.Kind.of(id.get("type").asText());
        if (kind == null) {
            throw fail(
                    json.line(id, "type"),
                    where + ": unknown type \"" + id.get("type").asText()
                            + "\" (known: matchExact, matchRepoDigestOrExact, matchRepository, exactReference, exactRepository, remapIdentity)");
        }
        return switch (kind) {
            case EXACT_REFERENCE -> {
                only(id, where, Set.of("type", "dockerReference"));
                String ref = text(id, "dockerReference", where, true);
                ImageName n = name(id, "dockerReference", ref, where);
                if (n.tag() == null && n.digest() == null) {
                    throw fail(
                            json.line(id, "dockerReference"),
                            where + ": dockerReference \"" + ref + "\" needs a tag or a digest");
                }
                yield new SignedIdentity(kind, ref, null, null, null);
            }
            case EXACT_REPOSITORY -> {
                only(id, where, Set.of("type", "dockerRepository"));
                String repo = text(id, "dockerRepository", where, true);
                name(id, "dockerRepository", repo, where);
                yield new SignedIdentity(kind, null, repo, null, null);
            }
            case REMAP_IDENTITY -> {
                only(id, where, Set.of("type", "prefix", "signedPrefix"));
                String prefix = text(id, "prefix", where, true);
                String signedPrefix = text(id, "signedPrefix", where, true);
                yield new SignedIdentity(kind, null, null, prefix, signedPrefix);
            }
            default -> {
                only(id, where, Set.of("type"));
                yield SignedIdentity.of(kind);
            }
        };
    }

    private ImageName name(JsonNode obj, String field, String value, String where) {
        try {
            return ImageName.parseAllowingNoTag(value);
        } catch (InvalidReferenceException e) {
            throw fail(json.line(obj, field), where + ": field \"" + field + "\": " + e.getMessage());
        }
    }

    private Path path(String p) {
        Path path = Path.of(p);
        return path.isAbsolute() || baseDir == null ? path : baseDir.resolve(path);
    }

    private byte[] base64(JsonNode r, String field, String what) {
        String text = text(r, field, what, true);
        try {
            return Base64.getDecoder().decode(text);
        } catch (IllegalArgumentException e) {
            throw fail(json.line(r, field), "field \"" + field + "\" of " + what + " is not base64: " + e.getMessage());
        }
    }

    private String text(JsonNode obj, String field, String what, boolean required) {
        JsonNode v = obj.get(field);
        if (v == null) {
            if (required) {
                throw fail(json.line(obj), what + " lacks field \"" + field + "\"");
            }
            return null;
        }
        if (!v.isTextual()) {
            throw fail(json.line(obj, field), "field \"" + field + "\" of " + what + " must be a string");
        }
        return v.asText();
    }

    private void only(JsonNode obj, String what, Set<String> allowed) {
        for (Iterator<String> it = obj.fieldNames(); it.hasNext(); ) {
            String name = it.next();
            if (!allowed.contains(name)) {
                throw fail(json.line(obj, name), "unknown field \"" + name + "\" in " + what);
            }
        }
    }

    private PolicyException fail(int line, String why) {
        return new PolicyException("policy " + file + (line > 0 ? " line " + line : "") + ": " + why, file, null);
    }
}
