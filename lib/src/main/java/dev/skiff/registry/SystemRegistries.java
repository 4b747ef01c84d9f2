package dev.skiff.registry;

import com.fasterxml.jackson.core.JsonParser;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.dataformat.toml.TomlFactory;
import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.model.Json;
import dev.skiff.name.ImageName;
import java.io.IOException;
import java.io.Reader;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * What the machine's containers-registries.conf(5) says about an image, as skopeo reads it: the
 * {@code [[registry]]} whose prefix matches the image best (the longest), which may block it, mark
 * it insecure (plain HTTP or unverified TLS allowed), send pulls to its {@code location} and first
 * to its {@code [[registry.mirror]]}s; the version 1 lists {@code [registries.insecure]} and
 * {@code [registries.block]} too. The files: {@code $CONTAINERS_REGISTRIES_CONF}, else
 * {@code $HOME/.config/containers/registries.conf} when it exists, else
 * {@code /etc/containers/registries.conf}; then the drop-ins of
 * {@code /etc/containers/registries.conf.d} and {@code $HOME/.config/containers/registries.conf.d} in
 * name order, a later entry for a prefix replacing an earlier one. Read once per set of files (their
 * sizes and times), so a sync's thousands of references do not parse them again.
 */
public final class SystemRegistries {
    /** One {@code [[registry]]}: where its images are pulled from (mirrors first), and how. */
    public record Registry(
            String prefix,
            String location,
            boolean insecure,
            boolean blocked,
            boolean mirrorByDigestOnly,
            List<Mirror> mirrors,
            Path file) {}

    /** One {@code [[registry.mirror]]}; {@code pullFromMirror} is all, digest-only or tag-only. */
    public record Mirror(String location, boolean insecure, String pullFromMirror) {}

    /** Where one pull attempt goes: the image's name there, and whether that endpoint is insecure. */
    public record Endpoint(ImageName name, boolean insecure, boolean mirror) {}

    private static final SystemRegistries NONE = new SystemRegistries(List.of());
    /** How long a loaded configuration is used before its files are looked at again. */
    private static final long RECHECK_NANOS = 1_000_000_000L;

    private record Loaded(String stamp, SystemRegistries conf, long at) {}

    private static volatile Loaded cached;

    private final List<Registry> registries;

    private SystemRegistries(List<Registry> registries) {
        this.registries = List.copyOf(registries);
    }

    /** The machine's configuration (see the class comment); no file, or none that exists, is no configuration. */
    public static SystemRegistries load() {
        long now = System.nanoTime();
        Loaded c = cached;
        if (c != null && now - c.at() < RECHECK_NANOS) {
            return c.conf(); // a sync asks for every image: the files are looked at once a second at most
        }
        List<Path> files = files();
        String stamp = stamp(files);
        SystemRegistries conf = c != null && c.stamp().equals(stamp) ? c.conf() : files.isEmpty() ? NONE : parse(files);
        cached = new Loaded(stamp, conf, now);
        return conf;
    }

    /** The given files, in order, as the machine's configuration (for a host embedding Skiff, and for tests). */
    public static SystemRegistries parse(List<Path> files) {
        Map<String, Registry> byPrefix = new LinkedHashMap<>();
        for (Path file : files) {
            for (Registry r : read(file)) {
                byPrefix.remove(r.prefix());
                byPrefix.put(r.prefix(), r);
            }
        }
        return new SystemRegistries(new ArrayList<>(byPrefix.values()));
    }

    public List<Registry> registries() {
        return registries;
    }

    /** The entry whose prefix matches {@code name} best, or null. */
    public Registry find(ImageName name) {
        return find(name.toString());
    }

    /** The entry whose prefix matches {@code ref} ({@code host[:port][/repository…]}) best, or null. */
    public Registry find(String ref) {
        Registry best = null;
        int bestLength = -1;
        for (Registry r : registries) {
            int length = matchLength(ref, r.prefix());
            if (length > bestLength) {
                best = r;
                bestLength = length;
            }
        }
        return best;
    }

    /** Throws when registries.conf blocks {@code name}; {@code side} is where it was named. */
    public void checkAllowed(ImageName name, Side side) {
        checkAllowed(name.toString(), name.repositoryName(), side);
    }

    /** As {@link #checkAllowed(ImageName, Side)}, for a registry ({@code host[:port]}) or any reference. */
    public void checkAllowed(String ref, String what, Side side) {
        Registry r = find(ref);
        if (r != null && r.blocked()) {
            throw new SkiffException(
                    what + " is blocked by registry \"" + r.prefix() + "\" in " + r.file(),
                    Hint.NONE,
                    r.file().toString(),
                    side,
                    null);
        }
    }

    /** Whether registries.conf marks the registry of {@code name} insecure. */
    public boolean insecure(ImageName name) {
        return insecure(name.toString());
    }

    /** Whether registries.conf marks {@code ref} ({@code host[:port][/repository…]}) insecure. */
    public boolean insecure(String ref) {
        Registry r = find(ref);
        return r != null && r.insecure();
    }

    /**
     * Where a pull of {@code name} goes, in order: the mirrors that apply to it (by digest, by tag),
     * then the location; the name itself when registries.conf says nothing of it.
     */
    public List<Endpoint> pullSources(ImageName name) {
        Registry r = find(name);
        if (r == null) {
            return List.of(new Endpoint(name, false, false));
        }
        boolean byDigest = name.digest() != null;
        List<Endpoint> out = new ArrayList<>();
        for (Mirror m : r.mirrors()) {
            boolean applies = r.mirrorByDigestOnly()
                    ? byDigest
                    : switch (m.pullFromMirror()) {
                        case "digest-only" -> byDigest;
                        case "tag-only" -> !byDigest;
                        default -> true;
                    };
            if (applies) {
                out.add(new Endpoint(rewrite(name, r, m.location()), m.insecure(), true));
            }
        }
        out.add(new Endpoint(rewrite(name, r, r.location()), r.insecure(), false));
        return out;
    }

    /** {@code name} with the matched prefix replaced by {@code location} (a wildcard prefix is not rewritten). */
    private static ImageName rewrite(ImageName name, Registry r, String location) {
        if (location == null || location.isEmpty() || r.prefix().startsWith("*.")) {
            return name;
        }
        String ref = name.toString();
        String rewritten = location + ref.substring(r.prefix().length());
        try {
            return ImageName.parse(rewritten);
        } catch (RuntimeException e) {
            throw new SkiffException(
                    "registry \"" + r.prefix() + "\" in " + r.file() + " rewrites " + ref + " to " + rewritten
                            + ", which is not an image name: " + e.getMessage(),
                    Hint.NONE,
                    r.file().toString(),
                    Side.UNKNOWN,
                    null);
        }
    }

    /** containers/image's prefix match: the length matched, or -1. */
    static int matchLength(String ref, String prefix) {
        if (prefix.startsWith("*.")) {
            String suffix = prefix.substring(1); // ".example.com"
            int index = ref.indexOf(suffix);
            if (index < 0 || ref.substring(0, index).contains("/")) {
                return -1;
            }
            int end = index + suffix.length();
            return end == ref.length() || isBoundary(ref.charAt(end)) ? end : -1;
        }
        if (!ref.startsWith(prefix)) {
            return -1;
        }
        return ref.length() == prefix.length() || isBoundary(ref.charAt(prefix.length())) ? prefix.length() : -1;
    }

    private static boolean isBoundary(char c) {
        return c == '/' || c == ':' || c == '@';
    }

    // ---- the files ----

    static List<Path> files() {
        List<Path> files = new ArrayList<>();
        String home = home();
        String env = System.getenv("CONTAINERS_REGISTRIES_CONF");
        Path user = home == null ? null : Path.of(home, ".config", "containers", "registries.conf");
        if (env != null && !env.isEmpty()) {
            files.add(Path.of(env));
        } else if (user != null && Files.isRegularFile(user)) {
            files.add(user);
        } else if (Files.isRegularFile(Path.of("/etc/containers/registries.conf"))) {
            files.add(Path.of("/etc/containers/registries.conf"));
        }
        dropIns(Path.of("/etc/containers/registries.conf.d"), files);
        if (home != null) {
            dropIns(Path.of(home, ".config", "containers", "registries.conf.d"), files);
        }
        return files;
    }

    /** containers/image takes $HOME, as the shell sees it; the JVM's user.home only without one. */
    private static String home() {
        String home = System.getenv("HOME");
        return home != null && !home.isEmpty() ? home : System.getProperty("user.home");
    }

    private static void dropIns(Path dir, List<Path> into) {
        if (!Files.isDirectory(dir)) {
            return;
        }
        List<Path> found = new ArrayList<>();
        try (DirectoryStream<Path> entries = Files.newDirectoryStream(dir)) {
            for (Path entry : entries) {
                if (entry.getFileName().toString().endsWith(".conf")) {
                    found.add(entry);
                }
            }
        } catch (IOException e) {
            return; // an unreadable drop-in directory is skipped, as containers/image skips it
        }
        found.sort(null);
        into.addAll(found);
    }

    private static String stamp(List<Path> files) {
        StringBuilder b = new StringBuilder();
        for (Path f : files) {
            try {
                BasicFileAttributes a = Files.readAttributes(f, BasicFileAttributes.class);
                b.append(f)
                        .append(' ')
                        .append(a.size())
                        .append(' ')
                        .append(a.lastModifiedTime())
                        .append('\n');
            } catch (IOException e) {
                b.append(f).append(" -\n");
            }
        }
        return b.toString();
    }

    private static List<Registry> read(Path file) {
        String text;
        try {
            text = Files.readString(file);
        } catch (IOException e) {
            throw invalid(file, "cannot be read: " + e.getMessage());
        }
        // Most files (short-name aliases, comments) say nothing of registries: not worth a TOML parse.
        if (!mentionsRegistries(text)) {
            return List.of();
        }
        JsonNode root;
        try (Reader reader = new java.io.StringReader(text);
                JsonParser p = new TomlFactory().createParser(reader)) {
            root = Json.tree(p);
        } catch (IOException e) {
            throw invalid(file, "is not valid TOML: " + e.getMessage());
        }
        List<Registry> out = new ArrayList<>();
        for (JsonNode r : root.path("registry")) {
            String location = text(r, "location", file);
            String prefix = text(r, "prefix", file);
            if (prefix.isEmpty()) {
                prefix = location;
            }
            if (prefix.isEmpty()) {
                throw invalid(file, "has a [[registry]] with neither prefix nor location");
            }
            if (location.isEmpty() && !prefix.startsWith("*.")) {
                // as containers/image: only a wildcard prefix (*.example.com) may go without a location
                throw invalid(
                        file,
                        "has a [[registry]] \"" + prefix
                                + "\" with no location (only a *.example.com prefix may have none)");
            }
            List<Mirror> mirrors = new ArrayList<>();
            for (JsonNode m : r.path("mirror")) {
                String pull = text(m, "pull-from-mirror", file);
                mirrors.add(new Mirror(
                        text(m, "location", file), m.path("insecure").asBoolean(false), pull.isEmpty() ? "all" : pull));
            }
            out.add(new Registry(
                    prefix,
                    location,
                    r.path("insecure").asBoolean(false),
                    r.path("blocked").asBoolean(false),
                    r.path("mirror-by-digest-only").asBoolean(false),
                    List.copyOf(mirrors),
                    file));
        }
        // version 1: [registries.insecure] registries = [...], [registries.block] registries = [...]
        JsonNode v1 = root.path("registries");
        for (JsonNode host : v1.path("insecure").path("registries")) {
            out.add(new Registry(host.asText(), host.asText(), true, false, false, List.of(), file));
        }
        for (JsonNode host : v1.path("block").path("registries")) {
            out.add(new Registry(host.asText(), host.asText(), false, true, false, List.of(), file));
        }
        return out;
    }

    /** Whether a line starts a registry table or key ({@code [[registry]]}, {@code registry = …}, {@code [registries.…]}). */
    private static boolean mentionsRegistries(String text) {
        for (int at = text.indexOf("registr"); at >= 0; at = text.indexOf("registr", at + 1)) {
            int i = at - 1;
            while (i >= 0 && (text.charAt(i) == '[' || text.charAt(i) == ' ' || text.charAt(i) == '\t')) {
                i--;
            }
            if (i < 0 || text.charAt(i) == '\n') {
                return true; // "registr…" first on its line, after brackets and blanks only
            }
        }
        return false;
    }

    private static String text(JsonNode node, String field, Path file) {
        JsonNode v = node.path(field);
        if (v.isMissingNode() || v.isNull()) {
            return "";
        }
        if (!v.isTextual()) {
            throw invalid(file, "has " + field + " = " + v + ", which is not a string");
        }
        return v.asText();
    }

    private static SkiffException invalid(Path file, String why) {
        return new SkiffException(
                "registries.conf " + file + " " + why, Hint.NONE, file.toString(), Side.UNKNOWN, null);
    }
}
