package dev.skiff.auth;

import java.util.ArrayList;
import java.util.List;

/** How auth files name registries: {@code host[:port]}, {@code host/namespace}, and docker's legacy URLs. */
final class RegistryKeys {
    static final String DOCKER_HUB = "docker.io";
    static final String DOCKER_HUB_LEGACY_KEY = "https://index.docker.io/v1/";

    private RegistryKeys() {}

    /** One spelling for docker.io's aliases. */
    static String canonical(String registry) {
        return switch (registry) {
            case "index.docker.io", "registry-1.docker.io" -> DOCKER_HUB;
            default -> registry;
        };
    }

    /** A key without scheme, and for URL-shaped keys without path ({@code https://host/v1/} → host), as containers does. */
    static String normalize(String key) {
        String stripped = key;
        if (stripped.startsWith("https://")) {
            stripped = stripped.substring("https://".length());
        } else if (stripped.startsWith("http://")) {
            stripped = stripped.substring("http://".length());
        }
        if (!stripped.equals(key)) {
            int slash = stripped.indexOf('/');
            if (slash >= 0) {
                stripped = stripped.substring(0, slash);
            }
        }
        return stripped;
    }

    /** A plain registry key (no namespace), or a URL-shaped one. */
    static boolean isRegistryKey(String key) {
        return !key.contains("/") || key.startsWith("http://") || key.startsWith("https://");
    }

    /** {@code reg/a/b/c}, {@code reg/a/b}, {@code reg/a}, {@code reg}: the longest match wins. */
    static List<String> lookupKeys(String registry, String repository) {
        List<String> keys = new ArrayList<>();
        if (repository != null && !repository.isEmpty()) {
            String path = registry + "/" + repository;
            while (path.length() > registry.length()) {
                keys.add(path);
                path = path.substring(0, path.lastIndexOf('/'));
            }
        }
        keys.add(registry);
        if (canonical(registry).equals(DOCKER_HUB) && !registry.equals(DOCKER_HUB)) {
            keys.add(DOCKER_HUB);
        }
        return keys;
    }

    /** What a credential helper is asked for: docker's own key for Docker Hub, else host[:port]. */
    static String helperServer(String registry) {
        return canonical(registry).equals(DOCKER_HUB) ? DOCKER_HUB_LEGACY_KEY : registry;
    }
}
