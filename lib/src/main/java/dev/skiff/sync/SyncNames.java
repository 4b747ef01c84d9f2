package dev.skiff.sync;

import dev.skiff.SkiffException;
import dev.skiff.name.ImageName;
import dev.skiff.registry.RegistryClient;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.TagLister;
import dev.skiff.transport.dockerarchive.DockerArchiveReference;
import dev.skiff.transport.ociarchive.OciArchiveReference;
import dev.skiff.transport.dir.DirReference;
import dev.skiff.transport.layout.LayoutIndex;
import dev.skiff.transport.layout.OciLayout;
import dev.skiff.transport.layout.OciLayoutReference;
import dev.skiff.transport.registry.DockerReference;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.stream.Stream;

/**
 * Expands a plan into images with skopeo's naming: {@code DEST/<last path element>:tag}, or with
 * scoped the whole source name ({@code DEST/host/path:tag}); the suffix is appended to the result
 * as skopeo's --append-suffix does. An OCI layout destination records {@code repository:tag}
 * (scoped: {@code host/repository:tag}) as each image's ref name, and a layout source restores
 * those names under the destination; an OCI archive destination records them the same way, and
 * an archive source restores its ref names or RepoTags.
 */
final class SyncNames {
    private final SyncPlan plan;
    private final RegistryClients clients;

    SyncNames(SyncPlan plan, RegistryClients clients) {
        this.plan = plan;
        this.clients = clients;
    }

    List<SyncItem> items() throws IOException {
        if (plan.destination().kind() == SyncDestination.Kind.DOCKER_ARCHIVE) {
            refuseExisting(Path.of(plan.destination().location()));
        }
        List<SyncItem> items = new ArrayList<>();
        for (SyncSource source : plan.sources()) {
            if (source instanceof SyncSource.Repository r) {
                repository(r, items);
            } else if (source instanceof SyncSource.DirTree d) {
                dirTree(d, items);
            } else if (source instanceof SyncSource.LayoutBundle b) {
                bundle(b, items);
            } else if (source instanceof SyncSource.Archive a) {
                archive(a, items);
            }
        }
        return items;
    }

    private void repository(SyncSource.Repository r, List<SyncItem> items) {
        ImageName repo = ImageName.parseAllowingNoTag(r.repository());
        if (repo.tag() != null || repo.digest() != null) {
            items.add(new SyncItem(new DockerReference(repo), r.options(), destination(repo)));
            return;
        }
        List<String> tags = r.tags() instanceof TagSelection.Listed listed ? listed.tags()
                : listTags(repo, r).stream().filter(r.tags()::matches).toList();
        for (String tag : tags) {
            ImageName image = repo.withTag(tag);
            items.add(new SyncItem(new DockerReference(image), r.options(), destination(image)));
        }
    }

    private List<String> listTags(ImageName repo, SyncSource.Repository r) {
        RegistryClient client = clients.client(repo.registry(), r.options());
        return client.listTags(repo.repository());
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

    private void dirTree(SyncSource.DirTree d, List<SyncItem> items) throws IOException {
        if (!Files.isDirectory(d.root())) {
            throw new SkiffException("cannot sync from " + d.root() + ": no such directory (give a folder that a sync to a dir: destination wrote)");
        }
        List<Path> images;
        try (Stream<Path> walk = Files.walk(d.root())) {
            images = walk.filter(p -> Files.isRegularFile(p.resolve("manifest.json")) && Files.isRegularFile(p.resolve("version")))
                    .sorted().toList();
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
        if (images.isEmpty()) {
            throw new SkiffException("no dir: images under " + d.root() + " (each image is a folder with manifest.json and version)");
        }
        for (Path image : images) {
            String relative = d.root().relativize(image).toString().replace('\\', '/');
            String name = plan.scoped() || plan.destination().kind().holdsNames() ? relative : lastElement(relative);
            items.add(new SyncItem(new DirReference(image.toString()), null, place(name)));
        }
    }

    private void bundle(SyncSource.LayoutBundle b, List<SyncItem> items) throws IOException {
        OciLayoutReference layout = new OciLayoutReference(b.layout().toString(), null);
        List<String> names = LayoutIndex.refNames(LayoutIndex.parse(OciLayout.open(layout).readIndex(), "index.json in " + b.layout()));
        if (names.isEmpty()) {
            throw new SkiffException("the OCI layout at " + b.layout() + " has no tagged images to sync (a sync to an OCI layout names its images repository:tag)");
        }
        for (String name : names) {
            items.add(new SyncItem(new OciLayoutReference(b.layout().toString(), name), null, place(renamedRef(name))));
        }
    }

    /**
     * The images of an archive by name: an OCI archive's ref names (restored as a layout's are),
     * a docker-archive's RepoTags (named as images from a registry). An untagged image in a
     * docker-archive has no name to sync it under, so it is an error that says how to copy it.
     */
    private void archive(SyncSource.Archive a, List<SyncItem> items) throws IOException {
        String path = a.file().toString();
        ImageReference whole = a.format() == ArchiveFormat.OCI ? new OciArchiveReference(path, null)
                : new DockerArchiveReference(path, null, -1);
        List<String> names;
        try (ImageSource in = whole.openSource(dev.skiff.transport.TransportOptions.defaults())) {
            names = ((TagLister) in).listTags();
        }
        if (names.isEmpty()) {
            throw new SkiffException("the archive " + path + " has no tagged images to sync"
                    + (a.format() == ArchiveFormat.OCI ? " (a sync to oci-archive writes repository:tag names)" : ""));
        }
        for (String name : names) {
            if (a.format() == ArchiveFormat.OCI) {
                items.add(new SyncItem(new OciArchiveReference(path, name), null, place(renamedRef(name))));
            } else if (name.startsWith("@")) {
                throw new SkiffException("image " + name + " of docker-archive " + path + " has no RepoTags, so sync has no name for it;"
                        + " copy it alone (copy docker-archive:" + path + ":" + name + " DESTINATION) or save it with a tag");
            } else {
                ImageName image = ImageName.parse(name);
                items.add(new SyncItem(new DockerArchiveReference(path, image, -1), null, destination(image)));
            }
        }
    }

    /** A docker-archive is written whole, once (as by skopeo): an archive already there stops the plan before it starts. */
    private static void refuseExisting(Path file) throws IOException {
        if (Files.isDirectory(file) || (Files.exists(file) && Files.size(file) > 0)) {
            throw new SkiffException("cannot sync into docker-archive " + file + ": " + (Files.isDirectory(file) ? "it is a directory"
                    : "it already exists, and a docker-archive is written whole, once (as by skopeo)")
                    + "; remove it or choose another file name (oci-archive keeps the images already there)");
        }
    }

    /** The destination reference for {@code name} ({@code path:tag}) under the plan's destination. */
    private ImageReference place(String name) {
        String full = name + plan.suffix();
        SyncDestination dest = plan.destination();
        return switch (dest.kind()) {
            case DOCKER -> new DockerReference(ImageName.parse(dest.location() + "/" + full));
            case DIR -> new DirReference(Path.of(dest.location(), full).toString());
            case OCI -> new OciLayoutReference(dest.location(), full);
            case OCI_ARCHIVE -> new OciArchiveReference(dest.location(), full);
            case DOCKER_ARCHIVE -> new DockerArchiveReference(dest.location(), ImageName.parse(full), -1);
        };
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
            throw new SkiffException("the plan's rename gave no destination for " + repository + " (return a repository path such as mirror/" + repository + ")");
        }
        return to.replaceAll("^/+|/+$", "");
    }

    private static String lastElement(String path) {
        return path.substring(path.lastIndexOf('/') + 1);
    }
}
