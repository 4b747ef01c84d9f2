package dev.skiff.sync;

import dev.skiff.name.ImageName;
import dev.skiff.transport.ImageReference;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * What clients need to pull a plan's images from its mirror: for each registry repository a plan
 * reads, the repository the plan writes it to ({@link Mapping}, after skopeo's naming or the plan's
 * {@code rename}), and what could not be mapped ({@link #notes()}): sources that are not registries,
 * destinations that are not registries, tags changed by a suffix, two sources sharing one
 * destination. Nothing is dropped silently: each image left out is in a note.
 * {@link RegistriesConf} and {@link HostsToml} write it in the clients' own formats.
 */
public final class ClientConfig {
    /** Source {@code host/repository} served by destination {@code host/repository}; {@code insecure} where the plan skips TLS verification. */
    public record Mapping(
            String sourceHost,
            String sourceRepository,
            boolean sourceInsecure,
            String mirrorHost,
            String mirrorRepository,
            boolean mirrorInsecure) {
        public Mapping {
            Objects.requireNonNull(sourceHost, "sourceHost");
            Objects.requireNonNull(sourceRepository, "sourceRepository");
            Objects.requireNonNull(mirrorHost, "mirrorHost");
            Objects.requireNonNull(mirrorRepository, "mirrorRepository");
        }

        public String source() {
            return sourceHost + "/" + sourceRepository;
        }

        public String mirror() {
            return mirrorHost + "/" + mirrorRepository;
        }

        /**
         * The path the mirror puts in front of the source repository ({@code mirror/} for
         * {@code team/web -> mirror/team/web}, empty for the same path), or null when the mirror's
         * repository is not the source's with a prefix (skopeo's naming, most renames).
         */
        public String addedPrefix() {
            if (mirrorRepository.equals(sourceRepository)) {
                return "";
            }
            return mirrorRepository.endsWith("/" + sourceRepository)
                    ? mirrorRepository.substring(0, mirrorRepository.length() - sourceRepository.length() - 1)
                    : null;
        }
    }

    private final List<Mapping> mappings;
    private final List<String> notes;

    private ClientConfig(List<Mapping> mappings, List<String> notes) {
        this.mappings = List.copyOf(mappings);
        this.notes = List.copyOf(notes);
    }

    /** The mappings of every plan (several mirror blocks), in plan order; a source mirrored twice has two. */
    public static ClientConfig of(List<SyncPlan> plans) {
        List<Mapping> mappings = new ArrayList<>();
        List<String> notes = new ArrayList<>();
        for (SyncPlan plan : plans) {
            collect(plan, mappings, notes);
        }
        // Two sources written to one destination repository: a client asking for either would get
        // whichever the mirror holds, so neither is mapped.
        Map<String, Set<String>> sourcesOf = new LinkedHashMap<>();
        for (Mapping m : mappings) {
            sourcesOf.computeIfAbsent(m.mirror(), k -> new LinkedHashSet<>()).add(m.source());
        }
        List<Mapping> kept = new ArrayList<>();
        for (Mapping m : mappings) {
            Set<String> sources = sourcesOf.get(m.mirror());
            if (sources.size() > 1) {
                String note = "not mapped: " + String.join(" and ", sources) + " are both mirrored to " + m.mirror()
                        + ", so the mirror cannot stand in for either (give them distinct names with rename or scoped)";
                if (!notes.contains(note)) {
                    notes.add(note);
                }
            } else if (!kept.contains(m)) {
                kept.add(m);
            }
        }
        return new ClientConfig(kept, notes);
    }

    public static ClientConfig of(SyncPlan plan) {
        return of(List.of(plan));
    }

    private static void collect(SyncPlan plan, List<Mapping> mappings, List<String> notes) {
        if (plan.destination().kind() != SyncDestination.Kind.DOCKER) {
            notes.add("not mapped: the plan writes to " + plan.destination().transport() + ":"
                    + plan.destination().location()
                    + ", not a registry, so there is no mirror for clients to pull from");
            return;
        }
        if (!plan.suffix().isEmpty()) {
            notes.add("not mapped: the plan appends \"" + plan.suffix() + "\" to every tag at "
                    + plan.destination().location()
                    + ", and a registry mirror serves an image under its own tag only (drop the suffix to map it)");
            return;
        }
        SyncNames names = new SyncNames(plan, UnaryOperator.identity());
        for (SyncSource source : plan.sources()) {
            if (!(source instanceof SyncSource.Repository r)) {
                notes.add("not mapped: " + describe(source) + " is not a registry, so no client pulls it by that name");
                continue;
            }
            ImageName image = ImageName.parseAllowingNoTag(r.repository());
            ImageName tagged = image.tag() == null && image.digest() == null ? image.withTag("latest") : image;
            ImageReference ref = names.destinationOf(tagged);
            ImageName at = ref.dockerReference();
            mappings.add(new Mapping(
                    image.registry(),
                    image.repository(),
                    !r.options().tlsVerify(),
                    at.registry(),
                    at.repository(),
                    !plan.destination().options().tlsVerify()));
        }
    }

    private static String describe(SyncSource source) {
        if (source instanceof SyncSource.LayoutBundle b) {
            return "the OCI layout " + b.layout();
        }
        if (source instanceof SyncSource.Archive a) {
            return "the " + a.format().transport() + " " + a.file();
        }
        if (source instanceof SyncSource.DirTree d) {
            return "the dir: tree " + d.root();
        }
        if (source instanceof SyncSource.Store s) {
            return "the " + s.transport() + " store " + s.location();
        }
        return String.valueOf(source);
    }

    public List<Mapping> mappings() {
        return mappings;
    }

    /** What could not be mapped, and why; one line each. */
    public List<String> notes() {
        return notes;
    }
}
