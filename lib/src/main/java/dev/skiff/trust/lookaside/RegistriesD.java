package dev.skiff.trust.lookaside;

import dev.skiff.name.ImageName;
import dev.skiff.trust.policy.PolicyException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Stream;
import org.yaml.snakeyaml.LoaderOptions;
import org.yaml.snakeyaml.Yaml;
import org.yaml.snakeyaml.constructor.SafeConstructor;

/**
 * The registries.d configuration (containers-registries.d(5)): for a registry scope
 * ({@code host[:port][/namespace…][/repo]}, else {@code default-docker}), where its signatures
 * live ({@code lookaside}, or the older name {@code sigstore}), where they are written if
 * elsewhere ({@code lookaside-staging} / {@code sigstore-staging}), and whether sigstore
 * signatures go to the registry as attachments ({@code use-sigstore-attachments}).
 */
public final class RegistriesD {
    /** One scope's settings; null fields are not set. */
    public record Namespace(String lookaside, String lookasideStaging, Boolean useSigstoreAttachments) {
        /** The URL signatures are read from (or, {@code write}, written to); null when none is set. */
        public String url(boolean write) {
            if (write && lookasideStaging != null) {
                return lookasideStaging;
            }
            return lookaside;
        }
    }

    private static final Set<String> KEYS =
            Set.of("lookaside", "lookaside-staging", "sigstore", "sigstore-staging", "use-sigstore-attachments");

    private final Namespace defaultDocker;
    private final Map<String, Namespace> docker;

    private RegistriesD(Namespace defaultDocker, Map<String, Namespace> docker) {
        this.defaultDocker = defaultDocker;
        this.docker = docker;
    }

    public static RegistriesD empty() {
        return new RegistriesD(null, Map.of());
    }

    /** The directory to read: {@code dir} if given, else {@code $HOME/.config/containers/registries.d}, else {@code /etc/containers/registries.d}. */
    public static RegistriesD load(Path dir) {
        if (dir == null) {
            Path user = Path.of(System.getProperty("user.home"), ".config", "containers", "registries.d");
            dir = Files.isDirectory(user) ? user : Path.of("/etc/containers/registries.d");
            if (!Files.isDirectory(dir)) {
                return empty();
            }
        }
        if (!Files.isDirectory(dir)) {
            throw new PolicyException("registries.d directory " + dir + " does not exist", dir.toString(), null);
        }
        List<Path> files;
        try (Stream<Path> s = Files.list(dir)) {
            files = s.filter(p -> p.getFileName().toString().endsWith(".yaml"))
                    .sorted()
                    .toList();
        } catch (IOException e) {
            throw new PolicyException(
                    "cannot read registries.d directory " + dir + ": " + e.getMessage(), dir.toString(), e);
        }
        Namespace defaultDocker = null;
        String defaultFrom = null;
        Map<String, Namespace> docker = new LinkedHashMap<>();
        Map<String, Path> from = new LinkedHashMap<>();
        for (Path f : files) {
            Object root;
            try (InputStream in = Files.newInputStream(f)) {
                LoaderOptions loader = new LoaderOptions();
                loader.setAllowDuplicateKeys(false);
                root = new Yaml(new SafeConstructor(loader)).load(in);
            } catch (IOException | RuntimeException e) {
                throw new PolicyException(
                        "registries.d file " + f + " does not parse: "
                                + e.getMessage().replace('\n', ' '),
                        f.toString(),
                        e);
            }
            if (root == null) {
                continue;
            }
            if (!(root instanceof Map<?, ?> map)) {
                throw invalid(f, "expected a mapping with default-docker and docker");
            }
            for (var e : map.entrySet()) {
                String key = String.valueOf(e.getKey());
                switch (key) {
                    case "default-docker" -> {
                        if (defaultDocker != null) {
                            throw invalid(f, "default-docker is also set in " + defaultFrom);
                        }
                        defaultDocker = namespace(f, "default-docker", e.getValue());
                        defaultFrom = f.toString();
                    }
                    case "docker" -> {
                        if (!(e.getValue() instanceof Map<?, ?> scopes)) {
                            throw invalid(f, "docker must map scopes (host[/namespace…]) to settings");
                        }
                        for (var s : scopes.entrySet()) {
                            String scope = String.valueOf(s.getKey());
                            if (docker.containsKey(scope)) {
                                throw invalid(f, "docker scope \"" + scope + "\" is also set in " + from.get(scope));
                            }
                            docker.put(scope, namespace(f, "docker \"" + scope + "\"", s.getValue()));
                            from.put(scope, f);
                        }
                    }
                    default -> throw invalid(f, "unknown key \"" + key + "\" (expected default-docker or docker)");
                }
            }
        }
        return new RegistriesD(defaultDocker, docker);
    }

    private static Namespace namespace(Path f, String where, Object value) {
        if (value == null) {
            return new Namespace(null, null, null);
        }
        if (!(value instanceof Map<?, ?> map)) {
            throw invalid(f, where + " must be a mapping of lookaside settings");
        }
        Map<String, Object> m = new LinkedHashMap<>();
        for (var e : map.entrySet()) {
            String k = String.valueOf(e.getKey());
            if (!KEYS.contains(k)) {
                throw invalid(f, where + ": unknown key \"" + k + "\" (expected one of " + KEYS + ")");
            }
            m.put(k, e.getValue());
        }
        String lookaside = text(f, where, m, "lookaside", "sigstore");
        String staging = text(f, where, m, "lookaside-staging", "sigstore-staging");
        Object attachments = m.get("use-sigstore-attachments");
        if (attachments != null && !(attachments instanceof Boolean)) {
            throw invalid(f, where + ": use-sigstore-attachments must be true or false");
        }
        return new Namespace(lookaside, staging, (Boolean) attachments);
    }

    /** The newer key, else the older one (containers/image reads both, the newer winning). */
    private static String text(Path f, String where, Map<String, Object> m, String key, String older) {
        Object v = m.containsKey(key) ? m.get(key) : m.get(older);
        if (v == null) {
            return null;
        }
        if (!(v instanceof String s)) {
            throw invalid(f, where + ": " + key + " must be a URL");
        }
        return s;
    }

    private static PolicyException invalid(Path f, String why) {
        return new PolicyException("registries.d file " + f + " is invalid: " + why, f.toString(), null);
    }

    /**
     * The settings for an image: its repository's scope, then each parent namespace and the host,
     * then {@code default-docker} — the first that sets a lookaside (or, for attachments, the first scope found).
     */
    public Namespace lookup(ImageName name) {
        for (String scope : scopes(name)) {
            Namespace ns = docker.get(scope);
            if (ns != null && (ns.lookaside() != null || ns.lookasideStaging() != null)) {
                return ns;
            }
        }
        return defaultDocker;
    }

    /** Whether sigstore signatures of this image go to the registry as attachments (the most specific scope that says). */
    public boolean useSigstoreAttachments(ImageName name) {
        for (String scope : scopes(name)) {
            Namespace ns = docker.get(scope);
            if (ns != null && ns.useSigstoreAttachments() != null) {
                return ns.useSigstoreAttachments();
            }
        }
        return defaultDocker != null && Boolean.TRUE.equals(defaultDocker.useSigstoreAttachments());
    }

    private static List<String> scopes(ImageName name) {
        List<String> out = new ArrayList<>();
        StringBuilder identity = new StringBuilder(name.repositoryName());
        if (name.tag() != null) {
            identity.append(':').append(name.tag());
        }
        if (name.digest() != null) {
            identity.append('@').append(name.digest());
        }
        out.add(identity.toString());
        String n = name.repositoryName();
        while (true) {
            out.add(n);
            int slash = n.lastIndexOf('/');
            if (slash < 0) {
                break;
            }
            n = n.substring(0, slash);
        }
        return out;
    }
}
