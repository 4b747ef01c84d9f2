package dev.skiff.sync;

import dev.skiff.SkiffException;
import dev.skiff.copy.BlobOutcome;
import dev.skiff.copy.Copier;
import dev.skiff.copy.CopyListener;
import dev.skiff.copy.CopyOptions;
import dev.skiff.copy.CopyResult;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.layout.OciLayoutReference;
import dev.skiff.transport.registry.DockerReference;
import java.io.IOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Runs a {@link SyncPlan}: expands it into images, and for each decides "up to date" by comparing
 * manifest digests found with HEAD (no manifest GET for an unchanged image), then copies the
 * changed ones with the {@link Copier}, {@code parallel} images at once, with at most
 * {@code perRegistry} requests in flight against any one registry, blobs shared between images
 * transferred once.
 */
public final class SyncRunner {
    private final SyncPlan plan;
    private final SyncListener listener;
    private final RegistryClients clients;
    private final ManifestHeads heads;
    private final SharedBlobs shared = new SharedBlobs();
    private final AtomicBoolean stop = new AtomicBoolean();
    private final SyncArchives archives;

    /** The destination's options with the plan's per-registry cap: the same for every image. */
    private final TransportOptions destinationOptions;

    public SyncRunner(SyncPlan plan, SyncListener listener) {
        this.plan = plan;
        this.listener = listener == null ? SyncListener.NONE : listener;
        this.archives = new SyncArchives(plan.destination());
        this.clients = new RegistryClients(plan.perRegistry());
        this.heads = new ManifestHeads(clients);
        this.destinationOptions = clients.capped(plan.destination().options());
    }

    /** The images the plan names, with their destinations, without touching any destination. */
    public List<SyncItem> items() throws IOException {
        return new SyncNames(plan, clients).items();
    }

    public SyncReport run() throws IOException {
        long start = System.nanoTime();
        List<SyncItem> items = items();
        listener.planned(items.size());
        ExecutorService pool = Executors.newFixedThreadPool(Math.min(plan.parallel(), Math.max(1, items.size())), daemonThreads());
        List<Future<SyncOutcome>> futures = new ArrayList<>();
        try {
            for (SyncItem item : items) {
                futures.add(pool.submit(() -> stop.get() ? null : attempt(item)));
            }
            List<SyncOutcome> outcomes = new ArrayList<>();
            for (Future<SyncOutcome> f : futures) {
                SyncOutcome o = await(f);
                if (o != null) {
                    outcomes.add(o);
                }
            }
            boolean stopped = outcomes.size() < items.size();
            return new SyncReport(archives.finish(outcomes, stopped), Duration.ofNanos(System.nanoTime() - start), stopped);
        } finally {
            pool.shutdownNow();
            archives.close();
            clients.close();
        }
    }

    private static SyncOutcome await(Future<SyncOutcome> f) throws IOException {
        try {
            return f.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkiffException("sync interrupted");
        } catch (ExecutionException e) {
            throw new SkiffException("sync failed unexpectedly: " + e.getCause(), e.getCause());
        }
    }

    /** One image, retried up to retryTimes; without keepGoing a failure stops images not yet started. */
    private SyncOutcome attempt(SyncItem item) {
        long start = System.nanoTime();
        SyncOutcome outcome = null;
        for (int i = 0; i <= plan.retryTimes(); i++) {
            outcome = guarded(item, start);
            if (outcome.status() != SyncOutcome.Status.FAILED || outcome.reason().contains("not found at the source")) {
                break;
            }
        }
        if (outcome.status() == SyncOutcome.Status.FAILED && !plan.keepGoing()) {
            stop.set(true);
        }
        listener.finished(outcome);
        return outcome;
    }

    private SyncOutcome guarded(SyncItem item, long start) {
        try {
            return sync(item, start);
        } catch (IOException | RuntimeException e) {
            return new SyncOutcome(item, SyncOutcome.Status.FAILED, null, 0, elapsed(start), reason(e),
                    e instanceof dev.skiff.SkiffException s ? s : null);
        }
    }

    private SyncOutcome sync(SyncItem item, long start) throws IOException {
        Optional<Descriptor> src = head(item.source(), item.sourceOptions());
        if (src.isEmpty()) {
            return failed(item, start, item.source() + " not found at the source (deleted since the tags were listed?)");
        }
        Optional<Descriptor> dst = head(item.destination(), destinationOptions);
        if (dst.isPresent() && upToDate(item, src.get(), dst.get().digest())) {
            return new SyncOutcome(item, SyncOutcome.Status.SKIPPED, dst.get().digest(), 0, elapsed(start), null);
        }
        if (plan.dryRun()) {
            return new SyncOutcome(item, SyncOutcome.Status.WOULD_COPY, src.get().digest(), size(item), elapsed(start), null);
        }
        CopyResult result = copy(item);
        return new SyncOutcome(item, SyncOutcome.Status.COPIED, result.digest(), result.bytes(), elapsed(start), null);
    }

    /** Archives are looked up in their index (or manifest.json), everything else by {@link ManifestHeads}. */
    private Optional<Descriptor> head(ImageReference ref, TransportOptions options) throws IOException {
        return SyncArchives.isArchive(ref) ? archives.head(ref) : heads.head(ref, options);
    }

    /**
     * Same digest on both sides; or, copying one platform of an index, the destination holds that
     * platform's manifest (which needs the index, the only manifest GET of an unchanged image).
     */
    private boolean upToDate(SyncItem item, Descriptor src, Digest dst) throws IOException {
        if (src.digest().equals(dst)) {
            return true;
        }
        if (SyncArchives.isDockerArchive(item.source())) {
            return archives.sameImage(item, destinationOptions);
        }
        if (!plan.platforms().isEmpty()) {
            return PlatformSubset.upToDate(item, plan.platforms(), destinationOptions);
        }
        if (plan.all() || (src.mediaType() != null && !MediaType.isIndex(src.mediaType()))) {
            return false;
        }
        try (ImageSource in = openSource(item)) {
            return in.manifest() instanceof ImageIndex index
                    && index.find(plan.platform()).map(d -> d.digest().equals(dst)).orElse(false);
        }
    }

    /** The bytes an image's blobs take (the chosen platform's, or every platform's with all). */
    private long size(SyncItem item) throws IOException {
        try (ImageSource in = openSource(item)) {
            return size(in, in.manifest());
        }
    }

    private long size(ImageSource in, ManifestDocument doc) throws IOException {
        if (doc instanceof ImageManifest m) {
            return m.config().size() + m.layers().stream().mapToLong(Descriptor::size).sum();
        }
        ImageIndex index = (ImageIndex) doc;
        if (!plan.platforms().isEmpty()) {
            long total = 0;
            for (Descriptor d : PlatformSubset.selected(index, plan.platforms())) {
                total += size(in, in.manifest(d));
            }
            return total;
        }
        if (!plan.all()) {
            Optional<Descriptor> child = index.find(plan.platform());
            return child.isPresent() ? size(in, in.manifest(child.get())) : 0;
        }
        long total = 0;
        for (Descriptor d : index.manifests()) {
            total += size(in, in.manifest(d));
        }
        return total;
    }

    /** The one place sync calls the copier. */
    private CopyResult copy(SyncItem item) throws IOException {
        CopyOptions options = new CopyOptions(plan.all(), plan.platform(), CopyOptions.DEFAULT_PARALLELISM);
        try (ImageSource in = openSource(item);
             SharedBlobs.Scoped out = shared.wrap(openDestination(item),
                     scope(item.destination()))) {
            CopyListener blobs = new CopyListener() {
                @Override
                public void blobDone(Descriptor blob, BlobOutcome outcome) {
                    out.stored(blob);
                }
            };
            return new Copier(PlatformSubset.options(options, plan.platforms(), in), blobs).copy(in, out);
        }
    }

    /** The source, through the run's client when it is in a registry. */
    private ImageSource openSource(SyncItem item) throws IOException {
        return item.source() instanceof DockerReference docker ? clients.source(docker, item.sourceOptions())
                : item.source().openSource(clients.capped(item.sourceOptions()));
    }

    /** The destination, through the run's client when it is in a registry. */
    private ImageDestination openDestination(SyncItem item) throws IOException {
        return item.destination() instanceof DockerReference docker ? clients.destination(docker, destinationOptions)
                : archives.open(item.destination(), destinationOptions);
    }

    /** Where blobs are shared: one OCI layout, one registry repository, one OCI archive, one dir: folder. */
    private static String scope(ImageReference destination) {
        if (destination instanceof OciLayoutReference layout) {
            return "oci:" + layout.directory().toAbsolutePath().normalize();
        }
        if (destination instanceof DockerReference docker) {
            return "docker://" + docker.name().repositoryName();
        }
        if (destination instanceof dev.skiff.transport.ociarchive.OciArchiveReference archive) {
            return "oci-archive:" + archive.file().toAbsolutePath().normalize();
        }
        return destination.toString();
    }

    private static SyncOutcome failed(SyncItem item, long start, String reason) {
        return new SyncOutcome(item, SyncOutcome.Status.FAILED, null, 0, elapsed(start), reason);
    }

    private static String reason(Exception e) {
        String message = e.getMessage();
        return message == null || message.isBlank() ? e.getClass().getSimpleName() : message;
    }

    private static Duration elapsed(long start) {
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "skiff-sync-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }
}
