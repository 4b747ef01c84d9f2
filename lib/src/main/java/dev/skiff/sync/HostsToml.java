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
 * containerd's registry host configuration (docs/hosts.md): {@code DIR/<source host>/hosts.toml}
 * with the source as {@code server} and each mirror as a {@code [host."…"]} with
 * {@code capabilities = ["pull", "resolve"]} (a private mirror the site trusts to resolve tags).
 *
 * <p>containerd maps a whole host, keeping the repository path; a mirror path in front of it is
 * expressed with {@code override_path} ({@code https://mirror/v2/PREFIX}). A source whose
 * repositories the plan renames any other way (skopeo's naming keeps only the last element) cannot
 * be expressed, and is reported in {@link Result#notes()} rather than written wrong.
 */
public final class HostsToml {
    private HostsToml() {}

    /** The files written ({@code host -> path}) and what was not written, and why. */
    public record Result(Map<String, Path> files, List<String> notes) {}

    /** The text of each source host's hosts.toml, and notes for the hosts that cannot be mapped. */
    public static Map<String, String> texts(ClientConfig config, List<String> notes) {
        Map<String, List<ClientConfig.Mapping>> byHost = new LinkedHashMap<>();
        for (ClientConfig.Mapping m : config.mappings()) {
            byHost.computeIfAbsent(m.sourceHost(), k -> new ArrayList<>()).add(m);
        }
        Map<String, String> texts = new LinkedHashMap<>();
        for (Map.Entry<String, List<ClientConfig.Mapping>> host : byHost.entrySet()) {
            List<String> unmappable = new ArrayList<>();
            Map<String, Set<String>> prefixes = new LinkedHashMap<>();
            Map<String, Boolean> insecure = new LinkedHashMap<>();
            boolean sourceInsecure = false;
            for (ClientConfig.Mapping m : host.getValue()) {
                sourceInsecure |= m.sourceInsecure();
                if (m.addedPrefix() == null) {
                    unmappable.add(m.source() + " -> " + m.mirror());
                } else {
                    prefixes.computeIfAbsent(m.mirrorHost(), k -> new LinkedHashSet<>())
                            .add(m.addedPrefix());
                    insecure.merge(m.mirrorHost(), m.mirrorInsecure(), Boolean::logicalOr);
                }
            }
            prefixes.forEach((mirrorHost, set) -> {
                if (set.size() > 1) {
                    unmappable.add(host.getKey() + " -> " + mirrorHost + " under " + String.join(" and ", set));
                }
            });
            if (!unmappable.isEmpty()) {
                notes.add(
                        "no hosts.toml for " + host.getKey()
                                + ": containerd maps a whole registry host under one path, and the plan names these otherwise: "
                                + String.join(", ", unmappable)
                                + " (rename { repo -> \"PREFIX/${repo}\" } maps a host; registries.conf maps single repositories)");
                continue;
            }
            StringBuilder b = new StringBuilder();
            b.append("# containerd hosts.toml: written by skiff mirror. Pulls from ")
                    .append(host.getKey())
                    .append(" try the mirror first, then the source.\n");
            b.append("server = ")
                    .append(RegistriesConf.quote(server(host.getKey())))
                    .append('\n');
            if (sourceInsecure) {
                b.append("skip_verify = true\n");
            }
            prefixes.forEach((mirrorHost, set) -> {
                String prefix = set.iterator().next();
                boolean skip = insecure.get(mirrorHost);
                // A mirror the plan reaches without TLS verification may be HTTPS with an untrusted
                // certificate or plain HTTP: containerd tries the hosts in order, so list both.
                hostTable(b, "https://" + mirrorHost, prefix, skip);
                if (skip) {
                    hostTable(b, "http://" + mirrorHost, prefix, false);
                }
            });
            texts.put(host.getKey(), b.toString());
        }
        return texts;
    }

    /** Writes {@code dir/<host>/hosts.toml} for every host that can be mapped. */
    public static Result write(ClientConfig config, Path dir) throws IOException {
        List<String> notes = new ArrayList<>();
        Map<String, Path> files = new LinkedHashMap<>();
        for (Map.Entry<String, String> e : texts(config, notes).entrySet()) {
            Path file = dir.resolve(e.getKey()).resolve("hosts.toml");
            Files.createDirectories(file.getParent());
            AtomicFiles.write(file, e.getValue().getBytes(StandardCharsets.UTF_8));
            files.put(e.getKey(), file);
        }
        return new Result(files, notes);
    }

    private static void hostTable(StringBuilder b, String url, String prefix, boolean skipVerify) {
        b.append('\n')
                .append("[host.")
                .append(RegistriesConf.quote(prefix.isEmpty() ? url : url + "/v2/" + prefix))
                .append("]\n")
                .append("  capabilities = [\"pull\", \"resolve\"]\n");
        if (!prefix.isEmpty()) {
            b.append("  override_path = true\n");
        }
        if (skipVerify) {
            b.append("  skip_verify = true\n");
        }
    }

    /** Docker Hub's namespace is docker.io, its API registry-1.docker.io. */
    private static String server(String host) {
        return "https://" + ("docker.io".equals(host) ? "registry-1.docker.io" : host);
    }
}
