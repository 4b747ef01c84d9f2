package dev.skiff.trust.policy;

import dev.skiff.name.ImageName;
import dev.skiff.transport.ImageReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;

/**
 * Which scope of a policy applies to an image, as containers/image's transports define it: the
 * image's own identity ({@code host/repo:tag} for a registry, the absolute path for {@code dir:},
 * {@code PATH:TAG} for a layout), then its namespaces from the most specific to the least
 * ({@code host/ns/repo}, {@code host/ns}, {@code host}, {@code *.domain}; the parent directories),
 * then the transport's {@code ""} scope, then the policy's {@code default}.
 */
public final class PolicyScopes {
    private PolicyScopes() {}

    public static Policy.Match match(Policy policy, ImageReference ref) {
        String transport = ref.transport().name();
        var scopes = policy.transports().get(transport);
        if (scopes != null) {
            List<String> candidates = new ArrayList<>();
            String identity = identity(ref);
            if (!identity.isEmpty()) {
                candidates.add(identity);
            }
            candidates.addAll(namespaces(ref));
            candidates.add("");
            for (String c : candidates) {
                if (scopes.containsKey(c)) {
                    return new Policy.Match(transport, c, scopes.get(c));
                }
            }
        }
        return new Policy.Match(null, null, policy.defaults());
    }

    /** The most specific scope name of the image ("" where the transport has none, as for docker-archive:). */
    public static String identity(ImageReference ref) {
        String transport = ref.transport().name();
        return switch (transport) {
            case "docker", "atomic", "docker-daemon" ->
                ref.dockerReference() == null ? "" : dockerIdentity(ref.dockerReference());
            case "dir" -> resolved(ref.withinTransport());
            case "oci", "oci-archive" -> {
                String[] pathAndTag = splitPath(ref.withinTransport());
                yield resolved(pathAndTag[0]) + ":" + pathAndTag[1];
            }
            default -> "";
        };
    }

    /** The image's namespaces, most specific first. */
    public static List<String> namespaces(ImageReference ref) {
        String transport = ref.transport().name();
        List<String> out = new ArrayList<>();
        switch (transport) {
            case "docker", "atomic", "docker-daemon" -> {
                ImageName n = ref.dockerReference();
                if (n == null) {
                    break;
                }
                String name = n.repositoryName();
                while (true) {
                    out.add(name);
                    int slash = name.lastIndexOf('/');
                    if (slash < 0) {
                        break;
                    }
                    name = name.substring(0, slash);
                }
                // Wildcards over the host's domains: *.example.com, then *.com.
                String host = n.registry();
                int colon = host.indexOf(':');
                String bare = colon < 0 ? host : host.substring(0, colon);
                int dot = bare.indexOf('.');
                while (dot >= 0) {
                    out.add("*" + bare.substring(dot));
                    dot = bare.indexOf('.', dot + 1);
                }
            }
            case "dir" -> parents(resolved(ref.withinTransport()), out);
            case "oci", "oci-archive" -> {
                String path = resolved(splitPath(ref.withinTransport())[0]);
                out.add(path);
                parents(path, out);
            }
            default -> {}
        }
        return out;
    }

    /** Why {@code scope} cannot be a scope of {@code transport}, if it cannot. */
    static Optional<String> validateScope(String transport, String scope) {
        if (scope.isEmpty()) {
            return Optional.empty();
        }
        switch (transport) {
            case "dir", "oci", "oci-archive" -> {
                String path = transport.equals("dir") ? scope : splitPath(scope)[0];
                if (!path.startsWith("/")) {
                    return Optional.of("a " + transport + " scope must be an absolute path");
                }
                if (path.equals("/")) {
                    return Optional.of("\"/\" is not allowed; use the \"\" scope for every " + transport + " image");
                }
            }
            case "docker", "atomic" -> {
                if (scope.startsWith("*.")) {
                    return Optional.empty();
                }
                if (scope.contains("://") || scope.startsWith("/")) {
                    return Optional.of("a " + transport + " scope is host[:port][/namespace…][/repo][:tag|@digest]");
                }
            }
            default -> {}
        }
        return Optional.empty();
    }

    private static String dockerIdentity(ImageName n) {
        StringBuilder b = new StringBuilder(n.repositoryName());
        if (n.tag() != null) {
            b.append(':').append(n.tag());
        }
        if (n.digest() != null) {
            b.append('@').append(n.digest());
        }
        return b.toString();
    }

    private static void parents(String path, List<String> out) {
        String p = path;
        while (true) {
            int slash = p.lastIndexOf('/');
            if (slash <= 0) {
                break;
            }
            p = p.substring(0, slash);
            out.add(p);
        }
    }

    /** {@code PATH[:TAG]} of a layout reference: the path ends at the first colon, as skopeo parses it. */
    private static String[] splitPath(String within) {
        int colon = within.indexOf(':');
        return colon < 0
                ? new String[] {within, ""}
                : new String[] {within.substring(0, colon), within.substring(colon + 1)};
    }

    /** The absolute path with symbolic links resolved as far as the path exists, as containers/image resolves it. */
    private static String resolved(String path) {
        Path p = Path.of(path).toAbsolutePath().normalize();
        Path existing = p;
        List<Path> rest = new ArrayList<>();
        while (existing != null && !Files.exists(existing)) {
            rest.add(0, existing.getFileName());
            existing = existing.getParent();
        }
        if (existing == null) {
            return p.toString();
        }
        try {
            Path real = existing.toRealPath();
            for (Path r : rest) {
                real = real.resolve(r);
            }
            return real.toString();
        } catch (IOException e) {
            return p.toString();
        }
    }
}
