package dev.skiff.sync;

import dev.skiff.SkiffException;
import dev.skiff.name.ImageName;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ImageStore;
import dev.skiff.transport.TagLister;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.Transports;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Predicate;
import java.util.function.UnaryOperator;

/**
 * Expands a plan into images with skopeo's naming: {@code DEST/<last path element>:tag}, or with
 * scoped the whole source name ({@code DEST/host/path:tag}); the suffix is appended to the result
 * as skopeo's --append-suffix does. An OCI layout destination records {@code repository:tag}
 * (scoped: {@code host/repository:tag}) as each image's ref name, and a layout source restores
 * those names under the destination; an OCI archive destination records them the same way, and
 * an archive source restores its ref names or RepoTags.
 *
 * <p>Every place but a registry is a transport's {@link ImageStore}: what it holds is listed, and
 * each image named, through it alone, so a transport that offers stores needs nothing here.
 */
final class SyncNames {
    private static final String REGISTRY = "docker";

    private final SyncPlan plan;
    private final UnaryOperator<TransportOptions> prepared;
    private ImageStore destinationStore;
    /** The images file selections have taken so far, as "source -> destination". */
    private final Set<String> selectedOnce = new HashSet<>();

    /** {@code prepared} gives the options a source is listed with (the run's, sharing its clients). */
    SyncNames(SyncPlan plan, UnaryOperator<TransportOptions> prepared) {
        this.plan = plan;
        this.prepared = prepared;
    }

    List<SyncItem> items() throws IOException {
        if (plan.destination().kind() == SyncDestination.Kind.DOCKER_ARCHIVE) {
            refuseExisting(Path.of(plan.destination().location()));
        }
        List<SyncItem> items = new ArrayList<>();
        for (SyncSource source : plan.sources()) {
            if (source instanceof SyncSource.Repository r) {
                repository(r, items);
            } else if (source instanceof SyncSource.Selected s) {
                selected(s, items);
            } else {
                file(source, items, name -> true);
            }
        }
        if (plan.referrers().enabled()) {
            // their tags (sha256-HEX, sha256-HEX.sig…) follow their images as referrers, not as images of their own
            items.removeIf(
                    i -> dev.skiff.model.Referrers.namesReferrerTag(i.source().toString()));
        }
        // Named first, then split: the part an image falls in depends on its destination name only.
        return plan.shard().select(items);
    }

    /** Every image of a file source that {@code wanted} takes by name. */
    private void file(SyncSource source, List<SyncItem> items, Predicate<String> wanted) throws IOException {
        if (source instanceof SyncSource.DirTree d) {
            dirTree(d, items, wanted);
        } else if (source instanceof SyncSource.LayoutBundle b) {
            bundle(b, items, wanted);
        } else if (source instanceof SyncSource.Archive a) {
            archive(a, items, wanted);
        } else if (source instanceof SyncSource.Store s) {
            store(s, items, wanted);
        }
    }

    /** The images of a file source its selection names; a name the file lacks fails the plan before any copy. */
    private void selected(SyncSource.Selected s, List<SyncItem> items) throws IOException {
        TransportOptions options = s.from() instanceof SyncSource.Store store ? prepared.apply(store.options()) : null;
        Set<String> chosen = new HashSet<>(FileSelection.chosen(FileSelection.held(s.from(), options), s));
        List<SyncItem> picked = new ArrayList<>();
        file(s.from(), picked, chosen::contains);
        // selections may overlap (team/web:1.0 and team/web with semver >=1): each image is copied once
        for (SyncItem item : picked) {
            if (selectedOnce.add(item.source() + " -> " + item.destination())) {
                items.add(item);
            }
        }
    }

    private void repository(SyncSource.Repository r, List<SyncItem> items) throws IOException {
        ImageName repo = ImageName.parseAllowingNoTag(r.repository());
        if (repo.tag() != null || repo.digest() != null) {
            items.add(new SyncItem(inRegistry(repo), r.options(), destination(repo)));
            return;
        }
        if (!plan.shard().whole()
                && !plan.shard().holds(Shard.repositoryOf(new SyncItem(null, null, destination(repo.withTag("x")))))) {
            return; // another shard's repository: its tags are not even listed
        }
        List<String> tags = r.tags() instanceof TagSelection.Listed listed
                ? listed.tags()
                : listTags(repo, r).stream().filter(r.tags()::matches).toList();
        for (String tag : tags) {
            ImageName image = repo.withTag(tag);
            items.add(new SyncItem(inRegistry(image), r.options(), destination(image)));
        }
    }

    private static ImageReference inRegistry(ImageName image) {
        return Transports.get(REGISTRY).parse("//" + image);
    }

    private List<String> listTags(ImageName repo, SyncSource.Repository r) throws IOException {
        try (ImageSource in = inRegistry(repo).openSource(prepared.apply(r.options()))) {
            return ((TagLister) in).listTags();
        }
    }

    /** Where the plan puts {@code image} (a registry image of one of its sources), without listing or touching anything. */
    ImageReference destinationOf(ImageName image) {
        return destination(image);
    }

    private ImageReference destination(ImageName image) {
        String tail = image.tag() != null ? ":" + image.tag() : "@" + image.digest();
        if (plan.rename() != null) {
            return place(renamed(image.repository()) + tail);
        }
        if (plan.destination().kind().holdsNames()) {
            return place((plan.scoped() ? image.repositoryName() : image.repository()) + tail);
        }
        String path = plan.scoped() ? image.repositoryName() : lastElement(image.repository());
        return place(path + tail);
    }

    private void dirTree(SyncSource.DirTree d, List<SyncItem> items, Predicate<String> wanted) throws IOException {
        if (!Files.isDirectory(d.root())) {
            throw new SkiffException("cannot sync from " + d.root()
                    + ": no such directory (give a folder that a sync to a dir: destination wrote)");
        }
        ImageStore tree = store("dir", d.root().toString());
        List<String> images = tree.names(null);
        if (images.isEmpty()) {
            throw new SkiffException(
                    "no dir: images under " + d.root() + " (each image is a folder with manifest.json and version)");
        }
        for (String relative : images) {
            if (!wanted.test(relative)) {
                continue;
            }
            String name = plan.scoped() || plan.destination().kind().holdsNames() ? relative : lastElement(relative);
            items.add(new SyncItem(tree.image(relative), null, place(name)));
        }
    }

    private void bundle(SyncSource.LayoutBundle b, List<SyncItem> items, Predicate<String> wanted) throws IOException {
        ImageStore layout = store("oci", b.layout().toString());
        List<String> names = layout.names(null);
        if (names.isEmpty()) {
            throw new SkiffException("the OCI layout at " + b.layout()
                    + " has no tagged images to sync (a sync to an OCI layout names its images repository:tag)");
        }
        for (String name : names.stream().filter(wanted).toList()) {
            items.add(new SyncItem(layout.image(name), null, place(renamedRef(name))));
        }
    }

    /**
     * The images of an archive by name: an OCI archive's ref names (restored as a layout's are),
     * a docker-archive's RepoTags (named as images from a registry). An untagged image in a
     * docker-archive has no name to sync it under, so it is an error that says how to copy it.
     */
    private void archive(SyncSource.Archive a, List<SyncItem> items, Predicate<String> wanted) throws IOException {
        String path = a.file().toString();
        ImageStore archive = store(a.format().transport(), path);
        List<String> names = archive.names(TransportOptions.defaults());
        if (names.isEmpty()) {
            throw new SkiffException("the archive " + path + " has no tagged images to sync"
                    + (a.format() == ArchiveFormat.OCI ? " (a sync to oci-archive writes repository:tag names)" : ""));
        }
        for (String name : names.stream().filter(wanted).toList()) {
            if (a.format() == ArchiveFormat.OCI) {
                items.add(new SyncItem(archive.image(name), null, place(renamedRef(name))));
            } else if (name.startsWith("@")) {
                throw new SkiffException("image " + name + " of docker-archive " + path
                        + " has no RepoTags, so sync has no name for it;" + " copy it alone (copy docker-archive:"
                        + path + ":" + name + " DESTINATION) or save it with a tag");
            } else {
                items.add(new SyncItem(archive.image(name), null, destination(ImageName.parse(name))));
            }
        }
    }

    /** Any transport's store: its images by the names it gives them, restored as a layout's ref names are. */
    private void store(SyncSource.Store s, List<SyncItem> items, Predicate<String> wanted) throws IOException {
        ImageStore store = store(s.transport(), s.location());
        List<String> names = store.names(prepared.apply(s.options()));
        if (names.isEmpty()) {
            throw new SkiffException(
                    "the store " + s.transport() + ":" + s.location() + " has no named images to sync");
        }
        for (String name : names.stream().filter(wanted).toList()) {
            items.add(new SyncItem(store.image(name), s.options(), place(renamedRef(name))));
        }
    }

    /** The store at {@code location} of the transport called {@code transport}. */
    private static ImageStore store(String transport, String location) {
        return FileSelection.store(transport, location);
    }

    /** A docker-archive is written whole, once (as by skopeo): an archive already there stops the plan before it starts. */
    private static void refuseExisting(Path file) throws IOException {
        if (Files.isDirectory(file) || (Files.exists(file) && Files.size(file) > 0)) {
            throw new SkiffException("cannot sync into docker-archive " + file + ": "
                    + (Files.isDirectory(file)
                            ? "it is a directory"
                            : "it already exists, and a docker-archive is written whole, once (as by skopeo)")
                    + "; remove it or choose another file name (oci-archive keeps the images already there)");
        }
    }

    /** The destination reference for {@code name} ({@code path:tag}) under the plan's destination. */
    private ImageReference place(String name) {
        String full = name + plan.suffix();
        SyncDestination dest = plan.destination();
        if (dest.kind() == SyncDestination.Kind.DOCKER) {
            return Transports.get(REGISTRY).parse("//" + dest.location() + "/" + full);
        }
        if (destinationStore == null) {
            destinationStore = store(dest.transport(), dest.storeLocation());
        }
        return destinationStore.image(full);
    }

    /** A {@code repository:tag} ref name with the plan's rename applied to its repository. */
    private String renamedRef(String name) {
        int colon = name.lastIndexOf(':');
        if (plan.rename() == null || colon < name.lastIndexOf('/') + 1) {
            return name;
        }
        return renamed(name.substring(0, colon)) + name.substring(colon);
    }

    private String renamed(String repository) {
        String to = plan.rename().apply(repository);
        if (to == null || to.isBlank()) {
            throw new SkiffException("the plan's rename gave no destination for " + repository
                    + " (return a repository path such as mirror/" + repository + ")");
        }
        return to.replaceAll("^/+|/+$", "");
    }

    private static String lastElement(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
