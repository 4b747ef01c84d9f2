package dev.skiff.sync;

import dev.skiff.io.AtomicFiles;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A containers-registries.conf(5) version 2 file (podman, buildah, skopeo, CRI-O) that sends pulls
 * of a plan's sources to its mirror: a {@code [[registry]]} per source prefix with a
 * {@code [[registry.mirror]]} per mirror location, {@code insecure = true} where the plan skips TLS
 * verification. Clients try the mirrors in order, then the source itself.
 *
 * <p>A source registry whose repositories all land under one path of the mirror
 * ({@code rename { "mirror/$it" }}) gets one entry for the whole host; otherwise (skopeo's naming
 * keeps only the last path element) each repository gets its own, which a prefix mapping always
 * expresses.
 */
public final class RegistriesConf {
    private RegistriesConf() {}

    /** The file's text. */
    public static String text(ClientConfig config) {
        StringBuilder b = new StringBuilder();
        b.append("# containers-registries.conf(5), version 2: written by skiff mirror from the plan's sources,\n")
                .append("# destinations and rename. Pulls of these sources are served by the mirror first,\n")
                .append("# then by the source itself. Use it as /etc/containers/registries.conf.d/skiff-mirror.conf\n")
                .append("# or with CONTAINERS_REGISTRIES_CONF.\n");
        for (String note : config.notes()) {
            b.append("# ").append(note).append('\n');
        }
        for (Entry e : entries(config.mappings())) {
            b.append('\n')
                    .append("[[registry]]\n")
                    .append("prefix = ")
                    .append(quote(e.prefix))
                    .append('\n')
                    .append("location = ")
                    .append(quote(e.prefix))
                    .append('\n');
            if (e.insecure) {
                b.append("insecure = true\n");
            }
            for (Mirror m : e.mirrors) {
                b.append('\n')
                        .append("[[registry.mirror]]\n")
                        .append("location = ")
                        .append(quote(m.location))
                        .append('\n');
                if (m.insecure) {
                    b.append("insecure = true\n");
                }
            }
        }
        return b.toString();
    }

    /** Writes the file (temp file, then renamed into place). */
    public static void write(ClientConfig config, Path file) throws IOException {
        Path parent = file.toAbsolutePath().getParent();
        if (parent != null) {
            Files.createDirectories(parent);
        }
        AtomicFiles.write(file, text(config).getBytes(StandardCharsets.UTF_8));
    }

    private record Mirror(String location, boolean insecure) {}

    private record Entry(String prefix, boolean insecure, Set<Mirror> mirrors) {}

    /** Per source host: one entry when every repository keeps its path under the same mirror paths, else one per repository. */
    static List<Entry> entries(List<ClientConfig.Mapping> mappings) {
        Map<String, List<ClientConfig.Mapping>> byHost = new LinkedHashMap<>();
        for (ClientConfig.Mapping m : mappings) {
            byHost.computeIfAbsent(m.sourceHost(), k -> new ArrayList<>()).add(m);
        }
        List<Entry> entries = new ArrayList<>();
        for (Map.Entry<String, List<ClientConfig.Mapping>> host : byHost.entrySet()) {
            Map<String, Set<Mirror>> perRepository = new LinkedHashMap<>();
            boolean insecure = false;
            for (ClientConfig.Mapping m : host.getValue()) {
                insecure |= m.sourceInsecure();
                perRepository
                        .computeIfAbsent(m.sourceRepository(), k -> new LinkedHashSet<>())
                        .add(new Mirror(
                                m.addedPrefix() == null ? null : join(m.mirrorHost(), m.addedPrefix()),
                                m.mirrorInsecure()));
            }
            Set<Set<Mirror>> distinct = new LinkedHashSet<>(perRepository.values());
            boolean wholeHost =
                    distinct.size() == 1 && distinct.iterator().next().stream().allMatch(x -> x.location() != null);
            if (wholeHost) {
                entries.add(
                        new Entry(host.getKey(), insecure, distinct.iterator().next()));
                continue;
            }
            for (String repository : perRepository.keySet()) {
                Set<Mirror> mirrors = new LinkedHashSet<>();
                boolean repositoryInsecure = false;
                for (ClientConfig.Mapping m : host.getValue()) {
                    if (m.sourceRepository().equals(repository)) {
                        repositoryInsecure |= m.sourceInsecure();
                        mirrors.add(new Mirror(m.mirror(), m.mirrorInsecure()));
                    }
                }
                entries.add(new Entry(host.getKey() + "/" + repository, repositoryInsecure, mirrors));
            }
        }
        return entries;
    }

    private static String join(String host, String path) {
        return path.isEmpty() ? host : host + "/" + path;
    }

    /** A TOML basic string. */
    static String quote(String text) {
        StringBuilder b = new StringBuilder("\"");
        for (char c : text.toCharArray()) {
            switch (c) {
                case '"' -> b.append("\\\"");
                case '\\' -> b.append("\\\\");
                default -> {
                    if (c < 0x20) {
                        b.append(String.format("\\u%04x", (int) c));
                    } else {
                        b.append(c);
                    }
                }
            }
        }
        return b.append('"').toString();
    }
}
