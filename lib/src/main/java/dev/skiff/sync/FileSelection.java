package dev.skiff.sync;

import dev.skiff.SkiffException;
import dev.skiff.name.ImageName;
import dev.skiff.transport.ImageStore;
import dev.skiff.transport.StoreTransport;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.Transports;
import java.io.IOException;
import java.util.List;

/**
 * Which images of a file source a {@link SyncSource.Selected} takes, by the names the file holds
 * (an OCI layout's or archive's ref names, a docker-archive's RepoTags): {@code team/web:1.0} that
 * image, {@code team/web} its tags as the selection says (all, listed, regex, semver, as for a
 * registry repository). Names compare as docker compares them ({@code team/web} is
 * {@code docker.io/team/web}), so a RepoTag {@code docker.io/team/web:1.0} is found as
 * {@code team/web:1.0}. A selection that finds nothing is an error naming what the file holds, so
 * the mistake is seen before anything is copied.
 */
public final class FileSelection {
    /** How many held names an error lists before it says how many more there are. */
    private static final int LISTED = 20;

    private FileSelection() {}

    /** The names {@code file} holds, as its store lists them ({@code options} reach a store behind a service). */
    public static List<String> held(SyncSource file, TransportOptions options) throws IOException {
        return store(file).names(options == null ? TransportOptions.defaults() : options);
    }

    /** The names of {@code held} that {@code selection} takes, in the file's order; none is an error. */
    public static List<String> chosen(List<String> held, SyncSource.Selected selection) {
        List<String> chosen = held.stream()
                .filter(h -> matches(h, selection.name(), selection.tags()))
                .toList();
        if (chosen.isEmpty()) {
            throw new SkiffException(describe(selection.from()) + " holds no " + wanted(selection) + "; it holds "
                    + (held.isEmpty() ? "no named images" : list(held)));
        }
        return chosen;
    }

    /** True when the held name {@code held} is {@code name} ({@code repository:tag}), or a tag of repository {@code name} that {@code tags} selects. */
    public static boolean matches(String held, String name, TagSelection tags) {
        if (held.equals(name) && tags == TagSelection.all()) {
            return true;
        }
        String[] h = split(held);
        String[] w = split(name);
        if (!sameRepository(h[0], w[0])) {
            return false;
        }
        if (w[1] != null) {
            return w[1].equals(h[1]);
        }
        return h[1] != null && tags.matches(h[1]);
    }

    /** The place a source names, as a transport reference ({@code oci:./bundle}). */
    public static String describe(SyncSource file) {
        if (file instanceof SyncSource.LayoutBundle b) {
            return "oci:" + b.layout();
        } else if (file instanceof SyncSource.Archive a) {
            return a.format().transport() + ":" + a.file();
        } else if (file instanceof SyncSource.Store s) {
            return s.transport() + ":" + s.location();
        } else if (file instanceof SyncSource.DirTree d) {
            return "dir:" + d.root();
        }
        return String.valueOf(file);
    }

    /** The store a file source is (a layout, an archive, a dir tree, a transport's store). */
    static ImageStore store(SyncSource file) {
        if (file instanceof SyncSource.LayoutBundle b) {
            return store("oci", b.layout().toString());
        } else if (file instanceof SyncSource.Archive a) {
            return store(a.format().transport(), a.file().toString());
        } else if (file instanceof SyncSource.Store s) {
            return store(s.transport(), s.location());
        } else if (file instanceof SyncSource.DirTree d) {
            return store("dir", d.root().toString());
        }
        throw new IllegalArgumentException("not a file source: " + file);
    }

    /** The store at {@code location} of the transport called {@code transport}. */
    static ImageStore store(String transport, String location) {
        Transport t = Transports.get(transport);
        if (!(t instanceof StoreTransport stores)) {
            throw new SkiffException("cannot sync with " + transport + ": images: the " + transport
                    + " transport holds one image per reference, not a store of named images");
        }
        return stores.store(location);
    }

    private static String wanted(SyncSource.Selected s) {
        String[] w = split(s.name());
        if (w[1] != null) {
            return "image " + s.name();
        }
        TagSelection t = s.tags();
        String which = t instanceof TagSelection.Regex r
                ? " with a tag matching /" + r.pattern().pattern() + "/"
                : t instanceof TagSelection.Semver v
                        ? " with a tag in the semver range " + v.range()
                        : t instanceof TagSelection.Listed l ? " tagged " + String.join(" or ", l.tags()) : "";
        return "image of " + s.name() + which;
    }

    private static String list(List<String> held) {
        String shown = String.join(", ", held.subList(0, Math.min(LISTED, held.size())));
        return held.size() > LISTED ? shown + " and " + (held.size() - LISTED) + " more" : shown;
    }

    /** {@code [repository, tag]}; the tag is null when the name has none. */
    private static String[] split(String name) {
        int colon = name.lastIndexOf(':');
        return colon > name.lastIndexOf('/')
                ? new String[] {name.substring(0, colon), name.substring(colon + 1)}
                : new String[] {name, null};
    }

    private static boolean sameRepository(String a, String b) {
        return a.equals(b) || normalized(a).equals(normalized(b));
    }

    private static String normalized(String repository) {
        try {
            return ImageName.parseAllowingNoTag(repository).repositoryName();
        } catch (SkiffException e) { // not a docker name (an OCI ref name may be any text): compared as written
            return repository;
        }
    }
}
