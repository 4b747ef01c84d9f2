package dev.skiff.transport.dockerarchive;

import dev.skiff.SkiffException;
import dev.skiff.io.AtomicFiles;
import dev.skiff.model.Descriptor;
import dev.skiff.name.ImageName;
import dev.skiff.transport.BatchWriting;
import dev.skiff.transport.ConfigIdentity;
import dev.skiff.transport.DestinationBatch;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ManifestLookup;
import dev.skiff.transport.TagLister;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.dockersave.ArchiveSink;
import dev.skiff.transport.dockersave.DockerSaveBatch;
import dev.skiff.transport.dockersave.DockerSaveDestination;
import dev.skiff.transport.dockersave.DockerSaveSource;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import java.util.Optional;

/**
 * An image in a docker-archive file: the path as the user wrote it, and a tagged name or an index
 * (or neither: the only image). Equal by value; {@code toString()} parses back to an equal reference.
 */
public record DockerArchiveReference(String path, ImageName name, int index)
        implements ImageReference, ManifestLookup, ConfigIdentity, BatchWriting {
    @Override
    public Transport transport() {
        return DockerArchiveTransport.INSTANCE;
    }

    @Override
    public String withinTransport() {
        return name != null ? path + ":" + name : index >= 0 ? path + ":@" + index : path;
    }

    @Override
    public ImageName dockerReference() {
        return name;
    }

    public Path file() {
        return Path.of(path);
    }

    @Override
    public ImageSource openSource(TransportOptions options) throws IOException {
        return DockerSaveSource.open(this, "docker-archive " + path, file(), name, index, null);
    }

    /**
     * Like skopeo, refuses to add to or overwrite an archive that has content: a docker-archive is
     * written whole, once. The archive appears under its name only when complete.
     */
    @Override
    public ImageDestination openDestination(TransportOptions options) throws IOException {
        if (index >= 0) {
            throw new SkiffException("cannot write to " + this + ": @" + index + " selects an image to read;"
                    + " to write, give a name and tag (" + DockerArchiveTransport.NAME + ":" + path
                    + ":NAME:TAG) or none");
        }
        checkNew(path);
        return new DockerSaveDestination(
                this,
                "docker-archive " + path,
                names(options),
                file().toAbsolutePath().getParent(),
                fileSink(file()));
    }

    /** The image's name, then skopeo's {@code --additional-tag} names, each NAME:TAG, as the archive's RepoTags. */
    private List<ImageName> names(TransportOptions options) {
        java.util.List<ImageName> names = new java.util.ArrayList<>();
        if (name != null) {
            names.add(name);
        }
        for (String tag : options == null ? List.<String>of() : options.extras().additionalTags()) {
            ImageName extra;
            try {
                extra = ImageName.parseAllowingNoTag(tag);
            } catch (RuntimeException e) {
                throw new SkiffException("invalid additional tag \"" + tag + "\": " + e.getMessage());
            }
            if (extra.tag() == null || extra.digest() != null) {
                throw new SkiffException(
                        "invalid additional tag \"" + tag + "\": it must be NAME:TAG (e.g. " + tag + ":latest)");
            }
            if (!names.contains(extra)) {
                names.add(extra);
            }
        }
        return List.copyOf(names);
    }

    /**
     * The manifest a copy from this reference would read, when the archive holds the image; empty
     * when there is no such file or no image tagged with the name. The archive's headers are
     * indexed for it (no layer is read).
     */
    @Override
    public Optional<Descriptor> head(TransportOptions options) throws IOException {
        if (!Files.isRegularFile(file())) {
            return Optional.empty();
        }
        try (ImageSource in = openSource(options)) {
            if (name != null
                    && ((TagLister) in)
                            .listTags().stream()
                                    .map(DockerArchiveReference::normalised)
                                    .noneMatch(name.toString()::equals)) {
                return Optional.empty();
            }
            return Optional.of(in.manifest().descriptor());
        }
    }

    private static String normalised(String repoTag) {
        try {
            return ImageName.parse(repoTag).toString();
        } catch (RuntimeException e) {
            return repoTag;
        }
    }

    @Override
    public String batchStore() {
        return DockerArchiveTransport.NAME + ":" + file().toAbsolutePath().normalize();
    }

    /**
     * Several images into one new docker-archive at {@code path} (a sync), published as one file
     * when the batch is; refused, as for one image, when an archive is already there.
     */
    @Override
    public DestinationBatch openBatch(TransportOptions options) throws IOException {
        checkNew(path);
        return new DockerSaveBatch(
                "docker-archive " + path, file().toAbsolutePath().getParent(), fileSink(file()));
    }

    private static void checkNew(String path) throws IOException {
        Path file = Path.of(path);
        if (Files.isDirectory(file)) {
            throw new SkiffException("cannot write docker-archive " + path + ": it is a directory, not a file");
        }
        if (Files.exists(file) && Files.size(file) > 0) {
            throw new SkiffException("docker-archive " + path + " already exists; Skiff (like skopeo) does not modify"
                    + " existing archives: remove it or choose another file name");
        }
    }

    /** The archive appears under its name only when complete. */
    private static ArchiveSink fileSink(Path file) {
        return content -> {
            try (AtomicFiles.Pending pending = AtomicFiles.create(file)) {
                content.writeTo(pending.stream());
                pending.commit();
            }
            shareable(file);
        };
    }

    /** The temp file was private (0600); an archive is made to be handed on, as docker save's and skopeo's are (0644). */
    private static void shareable(Path file) throws IOException {
        try {
            Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-r--r--"));
        } catch (UnsupportedOperationException notPosix) {
            // Other file systems keep their defaults.
        }
    }

    @Override
    public String toString() {
        return DockerArchiveTransport.NAME + ":" + withinTransport();
    }
}
