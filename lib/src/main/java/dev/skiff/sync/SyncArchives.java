package dev.skiff.sync;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageManifest;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.StoreInventory;
import dev.skiff.transport.TagLister;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.dockerarchive.DockerArchiveReference;
import dev.skiff.transport.dockersave.DockerSaveBatch;
import dev.skiff.transport.layout.LayoutIndex;
import dev.skiff.transport.ociarchive.OciArchiveBatch;
import dev.skiff.transport.ociarchive.OciArchiveReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Archive files in one sync run. Reading: an image's manifest descriptor, from the archive's
 * index.json (read once per archive and run) or, in a docker-archive, from the manifest skopeo
 * would present (compared with what it was copied to by config digest, the image ID). Writing:
 * every image of the run goes into one new tar beside the destination archive
 * ({@link OciArchiveBatch}, {@link DockerSaveBatch}), published by {@link #finish} only when no
 * image failed, so a failed or partial run leaves the archive that was there untouched.
 */
final class SyncArchives implements AutoCloseable {
    private final SyncDestination destination;
    private final Map<Path, List<Descriptor>> indexes = new ConcurrentHashMap<>();
    private Batch batch;

    /** One archive being written: where each image goes, and the archive published or discarded. */
    private interface Batch extends AutoCloseable {
        ImageDestination destination(ImageReference ref);

        void publish() throws IOException;

        @Override
        void close() throws IOException;
    }

    SyncArchives(SyncDestination destination) {
        this.destination = destination;
    }

    static boolean isArchive(ImageReference ref) {
        return ref instanceof OciArchiveReference || ref instanceof DockerArchiveReference;
    }

    static boolean isDockerArchive(ImageReference ref) {
        return ref instanceof DockerArchiveReference;
    }

    /**
     * A docker-archive's layers are uncompressed and compressed on the way out, so its manifest
     * digest never matches what it was copied to; the config (the image ID, copied unchanged) does.
     */
    boolean sameImage(SyncItem item, TransportOptions destinationOptions) throws IOException {
        try (ImageSource in = item.source().openSource(TransportOptions.defaults());
             ImageSource out = item.destination().openSource(destinationOptions)) {
            return in.manifest() instanceof ImageManifest a && out.manifest() instanceof ImageManifest b
                    && a.config().digest().equals(b.config().digest());
        }
    }

    /** The descriptor of the image an archive reference names; empty when the file or the name is not there. */
    Optional<Descriptor> head(ImageReference ref) throws IOException {
        if (ref instanceof OciArchiveReference a) {
            if (!Files.isRegularFile(a.file())) {
                return Optional.empty();
            }
            return index(a).stream().filter(d -> a.refName().equals(d.annotations().get(LayoutIndex.REF_NAME))).findFirst();
        }
        DockerArchiveReference d = (DockerArchiveReference) ref;
        if (!Files.isRegularFile(d.file())) {
            return Optional.empty();
        }
        try (ImageSource in = d.openSource(TransportOptions.defaults())) {
            List<String> tags = ((TagLister) in).listTags().stream().map(SyncArchives::normalised).toList();
            if (d.name() != null && !tags.contains(d.name().toString())) {
                return Optional.empty();
            }
            return Optional.of(in.manifest().descriptor());
        }
    }

    private List<Descriptor> index(OciArchiveReference a) throws IOException {
        Path key = a.file().toAbsolutePath().normalize();
        List<Descriptor> entries = indexes.get(key);
        if (entries == null) {
            try (ImageSource in = new OciArchiveReference(a.path(), null).openSource(TransportOptions.defaults())) {
                entries = new ArrayList<>(((StoreInventory) in).entries());
            }
            indexes.put(key, entries);
        }
        return entries;
    }

    private static String normalised(String repoTag) {
        try {
            return dev.skiff.name.ImageName.parse(repoTag).toString();
        } catch (RuntimeException e) {
            return repoTag;
        }
    }

    /** Where an image of the run is written: into the run's archive, or where its reference says. */
    ImageDestination open(ImageReference ref, TransportOptions options) throws IOException {
        boolean intoArchive = (ref instanceof OciArchiveReference && destination.kind() == SyncDestination.Kind.OCI_ARCHIVE)
                || (ref instanceof DockerArchiveReference && destination.kind() == SyncDestination.Kind.DOCKER_ARCHIVE);
        return intoArchive ? batch().destination(ref) : ref.openDestination(options);
    }

    private synchronized Batch batch() throws IOException {
        if (batch == null) {
            batch = destination.kind() == SyncDestination.Kind.OCI_ARCHIVE ? oci(OciArchiveBatch.create(Path.of(destination.location())))
                    : docker(DockerArchiveReference.batch(destination.location()));
        }
        return batch;
    }

    private static Batch oci(OciArchiveBatch b) {
        return new Batch() {
            public ImageDestination destination(ImageReference ref) {
                return b.destination((OciArchiveReference) ref);
            }

            public void publish() throws IOException {
                b.publish();
            }

            public void close() throws IOException {
                b.close();
            }
        };
    }

    private static Batch docker(DockerSaveBatch b) {
        return new Batch() {
            public ImageDestination destination(ImageReference ref) {
                return b.destination(ref, ((DockerArchiveReference) ref).name());
            }

            public void publish() throws IOException {
                b.publish();
            }

            public void close() throws IOException {
                b.close();
            }
        };
    }

    /**
     * Publishes the archive when every image arrived. When one failed, images copied into it are
     * reported as failed too (none of them was written), and the archive that was there stays.
     */
    List<SyncOutcome> finish(List<SyncOutcome> outcomes, boolean stoppedEarly) throws IOException {
        Batch pending;
        synchronized (this) {
            pending = batch;
        }
        if (pending == null) {
            return outcomes;
        }
        long failed = outcomes.stream().filter(o -> o.status() == SyncOutcome.Status.FAILED).count();
        if (failed == 0 && !stoppedEarly) {
            pending.publish();
            return outcomes;
        }
        String reason = "not written: the archive " + destination.location() + " is published only when every image arrives ("
                + (failed == 0 ? "the run stopped early" : failed + " failed") + "); the archive that was there is unchanged";
        return outcomes.stream().map(o -> o.status() != SyncOutcome.Status.COPIED ? o
                : new SyncOutcome(o.item(), SyncOutcome.Status.FAILED, null, 0, o.elapsed(), reason)).toList();
    }

    @Override
    public synchronized void close() throws IOException {
        if (batch != null) {
            batch.close();
        }
    }
}
