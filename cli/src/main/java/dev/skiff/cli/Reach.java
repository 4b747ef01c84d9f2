package dev.skiff.cli;

import dev.skiff.Side;
import dev.skiff.name.ImageName;
import java.util.Locale;
import java.util.Set;

/**
 * The registries one side of a two-sided command reaches, so a registry failure whose side the
 * library could not tell is still worded with the right side's flags: a failure about host H is the
 * source's when only the source is on H, both sides' when both are.
 */
record Reach(Set<String> hosts, boolean anyHost) {
    /** A side that reaches no registry (an OCI layout, an archive). */
    static final Reach NONE = new Reach(Set.of(), false);
    /** A side whose registries are not known here (a sync YAML file names its own). */
    static final Reach ANY = new Reach(Set.of(), true);

    /** The registry a transport reference reaches: {@code docker://HOST/…} reaches HOST, anything else none. */
    static Reach ofReference(String reference) {
        if (reference == null || !reference.startsWith("docker://")) {
            return NONE;
        }
        return ofImage(reference.substring("docker://".length()));
    }

    /** {@code [HOST/]REPOSITORY[:TAG]}, as docker names it (docker.io when it names no host). */
    static Reach ofImage(String image) {
        try {
            return of(ImageName.parseAllowingNoTag(image).registry());
        } catch (RuntimeException e) {
            return NONE;
        }
    }

    /** {@code HOST[:PORT][/PATH]}: a registry and a path in it (sync's destination). */
    static Reach ofRegistryPath(String location) {
        if (location == null || location.isEmpty()) {
            return NONE;
        }
        int slash = location.indexOf('/');
        return of(slash < 0 ? location : location.substring(0, slash));
    }

    static Reach of(String host) {
        return new Reach(Set.of(normal(host)), false);
    }

    boolean reaches(String host) {
        if (anyHost) {
            return true;
        }
        return host == null ? !hosts.isEmpty() : hosts.contains(normal(host));
    }

    /**
     * Which side's flags a registry hint names: the side the failure came from; else the sides whose
     * registry is the subject (both: "and"); else, when that cannot be told, either ("or").
     */
    static RegistryFlags flags(Side side, String host, Reach source, Reach destination) {
        if (side == Side.SOURCE) {
            return RegistryFlags.SOURCE;
        }
        if (side == Side.DESTINATION) {
            return RegistryFlags.DESTINATION;
        }
        boolean fromSource = source.reaches(host);
        boolean toDestination = destination.reaches(host);
        if (fromSource && !toDestination) {
            return RegistryFlags.SOURCE;
        }
        if (toDestination && !fromSource) {
            return RegistryFlags.DESTINATION;
        }
        return RegistryFlags.both(RegistryFlags.SOURCE, RegistryFlags.DESTINATION, fromSource ? "and" : "or");
    }

    /** Docker Hub answers under several names; everything else by its lowercase host[:port]. */
    private static String normal(String host) {
        String h = host.toLowerCase(Locale.ROOT);
        return h.equals("registry-1.docker.io") || h.equals("index.docker.io") ? ImageName.DOCKER_HUB : h;
    }
}
