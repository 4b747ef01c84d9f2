package dev.skiff.auth;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.io.AtomicFiles;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.GoJson;
import dev.skiff.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Iterator;
import java.util.List;
import java.util.Optional;

/**
 * One credentials file: containers' {@code auth.json} or docker's {@code config.json} (the same
 * shape): {@code auths} keyed by {@code host[:port]} or {@code host[:port]/namespace}, each with
 * {@code auth} = base64(user:password); {@code credHelpers} (registry → helper name) and
 * {@code credsStore} (one helper for all). Fields Skiff does not know are kept when it writes.
 */
public final class AuthFile {
    private final Path path;
    private final ObjectNode root;

    private AuthFile(Path path, ObjectNode root) {
        this.path = path;
        this.root = root;
    }

    /** Reads the file; a missing file is an empty one. */
    public static AuthFile read(Path path) {
        byte[] raw;
        try (InputStream in = Files.newInputStream(path)) {
            raw = BoundedRead.readAll(in, BoundedRead.BODY_LIMIT, "auth file " + path);
        } catch (NoSuchFileException e) {
            return new AuthFile(path, Json.object());
        } catch (IOException e) {
            throw new SkiffException("cannot read auth file " + path + ": " + e.getMessage());
        }
        if (new String(raw, StandardCharsets.UTF_8).isBlank()) {
            return new AuthFile(path, Json.object());
        }
        JsonNode parsed;
        try {
            parsed = Json.tree(raw);
        } catch (IOException e) {
            // Jackson's message may quote the file's text, which holds secrets: say only where.
            throw new SkiffException("auth file " + path + " is not valid JSON: fix or remove it");
        }
        if (parsed == null || !parsed.isObject()) {
            throw new SkiffException("auth file " + path + " is not a JSON object: fix or remove it");
        }
        return new AuthFile(path, (ObjectNode) parsed);
    }

    public Path path() {
        return path;
    }

    /**
     * The credentials this file holds for {@code repository} at {@code registry}, in containers'
     * order: a {@code credHelpers} entry for the registry; the {@code auths} entry with the longest
     * matching key ({@code host/a/b}, {@code host/a}, {@code host}); a key that names the same
     * registry in another spelling ({@code https://index.docker.io/v1/} for docker.io); then
     * {@code credsStore}.
     */
    public Optional<Credentials> find(String registry, String repository) {
        String canonical = RegistryKeys.canonical(registry);
        JsonNode helpers = root.get("credHelpers");
        if (helpers != null && helpers.isObject()) {
            for (Iterator<String> it = helpers.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (RegistryKeys.canonical(RegistryKeys.normalize(key)).equals(canonical)) {
                    Optional<Credentials> c = CredentialHelper.get(
                            helpers.get(key).asText(), RegistryKeys.helperServer(registry), path.toString());
                    if (c.isPresent()) {
                        return c;
                    }
                }
            }
        }
        JsonNode auths = root.get("auths");
        if (auths != null && auths.isObject()) {
            for (String key : RegistryKeys.lookupKeys(registry, repository)) {
                Optional<Credentials> c = decode(key, auths.get(key));
                if (c.isPresent()) {
                    return c;
                }
            }
            for (Iterator<String> it = auths.fieldNames(); it.hasNext(); ) {
                String key = it.next();
                if (RegistryKeys.isRegistryKey(key)
                        && RegistryKeys.canonical(RegistryKeys.normalize(key)).equals(canonical)) {
                    Optional<Credentials> c = decode(key, auths.get(key));
                    if (c.isPresent()) {
                        return c;
                    }
                }
            }
        }
        JsonNode store = root.get("credsStore");
        if (store != null && store.isTextual() && !store.asText().isEmpty()) {
            return CredentialHelper.get(store.asText(), RegistryKeys.helperServer(registry), path.toString());
        }
        return Optional.empty();
    }

    /** True when {@code auths} has exactly this key. */
    public boolean has(String key) {
        JsonNode auths = root.get("auths");
        return auths != null && auths.has(key);
    }

    /** The keys of {@code auths}, in file order. */
    public List<String> keys() {
        List<String> keys = new ArrayList<>();
        JsonNode auths = root.get("auths");
        if (auths != null && auths.isObject()) {
            auths.fieldNames().forEachRemaining(keys::add);
        }
        return keys;
    }

    /** Sets {@code auths[key]} to these credentials, replacing what was there; other entries stay. */
    public void put(String key, Credentials credentials) {
        String pair = credentials.username() + ":" + (credentials.password() == null ? "" : credentials.password());
        ObjectNode entry = Json.object();
        entry.put("auth", Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
        auths().set(key, entry);
    }

    /** Removes {@code auths[key]}; false when there was none. */
    public boolean remove(String key) {
        return auths().remove(key) != null;
    }

    /** Empties {@code auths}, as {@code logout --all} does; other fields stay. */
    public void removeAll() {
        root.set("auths", Json.object());
    }

    /**
     * Writes the file atomically (temp file + rename) with mode 0600, its directory created with
     * mode 0700, tab-indented as containers writes it.
     */
    public void save() {
        try {
            Path dir = path.toAbsolutePath().getParent();
            if (!Files.isDirectory(dir)) {
                Files.createDirectories(
                        dir, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rwx------")));
            }
            // AtomicFiles' temp file is created 0600 (Files.createTempFile), so the secret is never world-readable.
            AtomicFiles.write(path, GoJson.marshalIndent(root, "\t").getBytes(StandardCharsets.UTF_8));
            Files.setPosixFilePermissions(path, PosixFilePermissions.fromString("rw-------"));
        } catch (IOException e) {
            throw new SkiffException("cannot write auth file " + path + ": " + e.getMessage());
        }
    }

    private ObjectNode auths() {
        JsonNode auths = root.get("auths");
        if (auths instanceof ObjectNode o) {
            return o;
        }
        return root.putObject("auths");
    }

    private Optional<Credentials> decode(String key, JsonNode entry) {
        if (entry == null || !entry.isObject()) {
            return Optional.empty();
        }
        JsonNode auth = entry.get("auth");
        if (auth == null || !auth.isTextual() || auth.asText().isEmpty()) {
            return Optional.empty();
        }
        String pair;
        try {
            pair = new String(Base64.getDecoder().decode(auth.asText().trim()), StandardCharsets.UTF_8);
        } catch (IllegalArgumentException e) {
            throw new SkiffException("auth file " + path + ": the entry for " + key + " is not base64: log in again");
        }
        int colon = pair.indexOf(':');
        if (colon <= 0) {
            throw new SkiffException(
                    "auth file " + path + ": the entry for " + key + " is not USERNAME:PASSWORD: log in again");
        }
        return Optional.of(new Credentials(pair.substring(0, colon), pair.substring(colon + 1)));
    }

    @Override
    public String toString() {
        return "AuthFile[" + path + "]";
    }
}
