package dev.skiff.sync;

import dev.skiff.SkiffException;
import dev.skiff.auth.Credentials;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;
import org.yaml.snakeyaml.error.YAMLException;

/**
 * Reads skopeo's sync file: top-level keys are registries, each with {@code images} (repository →
 * list of tags, or empty for every tag), {@code images-by-tag-regex} (repository → regex),
 * {@code images-by-semver} (repository → range), {@code credentials} (username, password),
 * {@code tls-verify} and {@code cert-dir}. Loaded with SnakeYAML's safe constructor (plain maps,
 * lists and scalars only).
 */
public final class SyncYaml {
    private static final Set<String> KEYS =
            Set.of("images", "images-by-tag-regex", "images-by-semver", "credentials", "tls-verify", "cert-dir");
    private static final int MAX_BYTES = 4 * 1024 * 1024;

    private SyncYaml() {}

    /** The sources the file names; {@code defaults} reach a registry whose entry sets nothing else. */
    public static List<SyncSource> read(Path file, TransportOptions defaults) throws IOException {
        if (!Files.isRegularFile(file)) {
            throw new SkiffException("cannot read the sync file " + file + ": no such file");
        }
        if (Files.size(file) > MAX_BYTES) {
            throw new SkiffException("the sync file " + file + " is larger than 4 MiB; is it the right file?");
        }
        Object root;
        try (InputStream in = Files.newInputStream(file)) {
            LoaderOptions loader = new LoaderOptions();
            loader.setAllowDuplicateKeys(false);
            root = new Yaml(new SafeConstructor(loader)).load(in);
        } catch (YAMLException e) {
            throw new SkiffException("the sync file " + file + " is not valid YAML: " + e.getMessage());
        }
        if (root == null) {
            throw new SkiffException("the sync file " + file + " is empty: give registries with images, e.g.\n"
                    + "registry.example.com:\n  images:\n    busybox: []");
        }
        List<SyncSource> sources = new ArrayList<>();
        for (Map.Entry<?, ?> e : map(root, file, "the top level").entrySet()) {
            registry(
                    String.valueOf(e.getKey()),
                    map(e.getValue(), file, String.valueOf(e.getKey())),
                    file,
                    defaults == null ? TransportOptions.defaults() : defaults,
                    sources);
        }
        return sources;
    }

    private static void registry(
            String registry, Map<?, ?> entry, Path file, TransportOptions defaults, List<SyncSource> sources) {
        for (Object key : entry.keySet()) {
            if (!KEYS.contains(String.valueOf(key))) {
                throw new SkiffException("unknown key \"" + key + "\" under " + registry + " in " + file
                        + " (known: images, images-by-tag-regex, images-by-semver, credentials, tls-verify, cert-dir)");
            }
        }
        TransportOptions options = options(registry, entry, file, defaults);
        int before = sources.size();
        for (Map.Entry<?, ?> image :
                map(entry.get("images"), file, registry + ".images", true).entrySet()) {
            String repository = registry + "/" + image.getKey();
            Object tags = image.getValue();
            if (tags == null || (tags instanceof List<?> l && l.isEmpty())) {
                sources.add(new SyncSource.Repository(repository, TagSelection.all(), options));
            } else if (tags instanceof List<?> l) {
                for (Object tag : l) {
                    String t = String.valueOf(tag);
                    // skopeo accepts digests in the tag list: sync that image by digest
                    String ref = t.contains(":") ? repository + "@" + t : repository + ":" + t;
                    sources.add(new SyncSource.Repository(ref, TagSelection.all(), options));
                }
            } else {
                throw new SkiffException("images." + image.getKey() + " under " + registry + " in " + file
                        + " must be a list of tags (or empty for all tags), not " + tags);
            }
        }
        for (Map.Entry<?, ?> image : map(
                        entry.get("images-by-tag-regex"), file, registry + ".images-by-tag-regex", true)
                .entrySet()) {
            sources.add(new SyncSource.Repository(
                    registry + "/" + image.getKey(),
                    TagSelection.regex(
                            scalar(image.getValue(), file, registry + ".images-by-tag-regex." + image.getKey())),
                    options));
        }
        for (Map.Entry<?, ?> image : map(entry.get("images-by-semver"), file, registry + ".images-by-semver", true)
                .entrySet()) {
            sources.add(new SyncSource.Repository(
                    registry + "/" + image.getKey(),
                    TagSelection.semver(
                            scalar(image.getValue(), file, registry + ".images-by-semver." + image.getKey())),
                    options));
        }
        if (sources.size() == before) {
            throw new SkiffException(registry + " in " + file
                    + " names no images (give images, images-by-tag-regex or images-by-semver)");
        }
    }

    private static TransportOptions options(String registry, Map<?, ?> entry, Path file, TransportOptions defaults) {
        TransportOptions o = defaults;
        if (entry.get("credentials") != null) {
            Map<?, ?> creds = map(entry.get("credentials"), file, registry + ".credentials");
            Object user = creds.get("username");
            if (user == null) {
                throw new SkiffException(registry + ".credentials in " + file + " has no username");
            }
            Object password = creds.get("password");
            o = o.withCredentials(
                    new Credentials(String.valueOf(user), password == null ? "" : String.valueOf(password)));
        }
        Object tls = entry.get("tls-verify");
        if (tls != null) {
            if (!(tls instanceof Boolean b)) {
                throw new SkiffException(registry + ".tls-verify in " + file + " must be true or false, not " + tls);
            }
            o = o.withTlsVerify(b);
        }
        Object certDir = entry.get("cert-dir");
        if (certDir != null) {
            o = o.withCertDir(Path.of(String.valueOf(certDir)));
        }
        return o;
    }

    private static Map<?, ?> map(Object value, Path file, String where) {
        return map(value, file, where, false);
    }

    private static Map<?, ?> map(Object value, Path file, String where, boolean optional) {
        if (value == null && optional) {
            return Map.of();
        }
        if (!(value instanceof Map<?, ?> m)) {
            throw new SkiffException(
                    where + " in " + file + " must be a mapping, not " + (value == null ? "empty" : value));
        }
        return m;
    }

    private static String scalar(Object value, Path file, String where) {
        if (value == null || value instanceof Map || value instanceof List) {
            throw new SkiffException(where + " in " + file + " must be a single string");
        }
        return String.valueOf(value);
    }
}
