package dev.skiff.sync;

import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.copy.BlobOutcome;
import dev.skiff.copy.Copier;
import dev.skiff.copy.CopyListener;
import dev.skiff.copy.CopyListeners;
import dev.skiff.copy.CopyOptions;
import dev.skiff.copy.CopyResult;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
import dev.skiff.name.Digest;
import dev.skiff.transport.BatchWriting;
import dev.skiff.transport.BlobScope;
import dev.skiff.transport.ConfigIdentity;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageNotFoundException;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ManifestLookup;
import dev.skiff.transport.TransportOptions;
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
 * manifest descriptors found the cheapest way each transport offers ({@link ManifestLookup}: a
 * HEAD in a registry, no manifest GET for an unchanged image), then copies the changed ones with
 * the {@link Copier}, {@code parallel} images at once, with at most {@code perRegistry} requests
 * in flight against any one registry, blobs shared between images transferred once.
 *
 * <p>It knows transports only by what they declare (capability interfaces of the transport
 * package), so a new transport syncs with nothing changed here.
 */
public final class SyncRunner {
    private final SyncPlan plan;
    private final SyncListener listener;
    private final SharedBlobs shared = new SharedBlobs();
    private final AtomicBoolean stop = new AtomicBoolean();

    public SyncRunner(SyncPlan plan, SyncListener listener) {
        this.plan = plan;
        this.listener = listener == null ? SyncListener.NONE : listener;
    }

    /** The images the plan names, with their destinations, without touching any destination. */
    public List<SyncItem> items() throws IOException {
        try (SyncSession session = new SyncSession(plan.perRegistry())) {
            return new SyncNames(plan, session::options).items();
        }
    }

    public SyncReport run() throws IOException {
        if (plan.deltaFrom() != null && !plan.dryRun()) {
            DeltaBundles.start(plan.destination(), plan.deltaFrom());
        }
        try (SyncSession session = new SyncSession(plan.perRegistry());
                SyncBatches batches = new SyncBatches(plan.destination().location())) {
            return new Run(session, batches).run();
        }
    }

    /** One run: its session (a client per registry, shared by every image) and the stores it writes whole. */
    private final class Run {
        private final SyncSession session;
        private final SyncBatches batches;
        /** The destination's options with the run's cap and session: the same for every image. */
        private final TransportOptions destinationOptions;

        Run(SyncSession session, SyncBatches batches) {
            this.session = session;
            this.batches = batches;
            this.destinationOptions = session.options(plan.destination().options());
        }

        SyncReport run() throws IOException {
            long start = System.nanoTime();
            List<SyncItem> items = new SyncNames(plan, session::options).items();
            listener.planned(items.size());
            if (!plan.dryRun()) {
                DeltaBundles.checkBases(plan, items, this::sourceOptions, destinationOptions);
            }
            ExecutorService pool =
                    Executors.newFixedThreadPool(Math.min(plan.parallel(), Math.max(1, items.size())), daemonThreads());
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
                return new SyncReport(
                        batches.finish(outcomes, stopped), Duration.ofNanos(System.nanoTime() - start), stopped);
            } finally {
                pool.shutdownNow();
            }
        }

        /** One image, retried up to retryTimes (not when the source has no such image); without keepGoing a failure stops images not yet started. */
        private SyncOutcome attempt(SyncItem item) {
            long start = System.nanoTime();
            SyncOutcome outcome = null;
            for (int i = 0; i <= plan.retryTimes(); i++) {
                outcome = guarded(item, start);
                if (outcome.status() != SyncOutcome.Status.FAILED || outcome.notFound()) {
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
            } catch (ImageNotFoundException e) {
                // The source lost the image after its descriptor was found (a tag deleted, say);
                // a destination never says "not found" of what it is asked to write.
                SyncOutcome.Failure kind =
                        e.side() == Side.DESTINATION ? SyncOutcome.Failure.ERROR : SyncOutcome.Failure.NOT_FOUND;
                return failed(item, start, reason(e), kind, e);
            } catch (IOException | RuntimeException e) {
                return failed(
                        item, start, reason(e), SyncOutcome.Failure.ERROR, e instanceof SkiffException s ? s : null);
            }
        }

        private SyncOutcome sync(SyncItem item, long start) throws IOException {
            Optional<Descriptor> src = head(item.source(), sourceOptions(item));
            if (src.isEmpty()) {
                return failed(
                        item,
                        start,
                        item.source() + " not found at the source (deleted since the tags were listed?)",
                        SyncOutcome.Failure.NOT_FOUND,
                        null);
            }
            Optional<Descriptor> dst = head(item.destination(), destinationOptions);
            if (dst.isPresent() && upToDate(item, src.get(), dst.get().digest())) {
                if (plan.referrers().enabled() && !plan.dryRun()) {
                    referrersOnly(item, dst.get().digest());
                }
                return new SyncOutcome(
                        item, SyncOutcome.Status.SKIPPED, dst.get().digest(), 0, elapsed(start), null);
            }
            if (plan.dryRun()) {
                return new SyncOutcome(
                        item, SyncOutcome.Status.WOULD_COPY, src.get().digest(), size(item), elapsed(start), null);
            }
            CopyResult result = copy(item);
            if (result.referrers() > 0) {
                listener.referrersCopied(item, result.referrers());
            }
            return new SyncOutcome(
                    item, SyncOutcome.Status.COPIED, result.digest(), result.bytes(), elapsed(start), null);
        }

        private TransportOptions sourceOptions(SyncItem item) {
            return session.options(item.sourceOptions());
        }

        /**
         * Same digest on both sides; or, copying one platform of an index, the destination holds that
         * platform's manifest (which needs the index, the only manifest GET of an unchanged image).
         */
        private boolean upToDate(SyncItem item, Descriptor src, Digest dst) throws IOException {
            if (src.digest().equals(dst)) {
                return true;
            }
            if (item.source() instanceof ConfigIdentity) {
                return sameConfig(item);
            }
            if (!plan.platforms().isEmpty()) {
                return PlatformSubset.upToDate(item, plan.platforms(), sourceOptions(item), destinationOptions);
            }
            if (plan.all() || (src.mediaType() != null && !MediaType.isIndex(src.mediaType()))) {
                return false;
            }
            try (ImageSource in = openSource(item)) {
                return in.manifest() instanceof ImageIndex index
                        && index.find(plan.platform())
                                .map(d -> d.digest().equals(dst))
                                .orElse(false);
            }
        }

        /** A source known by its config (see {@link ConfigIdentity}): the destination holds an image with the same config. */
        private boolean sameConfig(SyncItem item) throws IOException {
            try (ImageSource in = openSource(item);
                    ImageSource out = item.destination().openSource(destinationOptions)) {
                return in.manifest() instanceof ImageManifest a
                        && out.manifest() instanceof ImageManifest b
                        && a.config().digest().equals(b.config().digest());
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
                return m.config().size()
                        + m.layers().stream().mapToLong(Descriptor::size).sum();
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
            CopyOptions options = new CopyOptions(plan.all(), plan.platform(), CopyOptions.DEFAULT_PARALLELISM)
                    .withCrypto(plan.crypto())
                    .withFormat(plan.format())
                    .withTrust(plan.trust())
                    .withReferrers(plan.referrers());
            try (ImageSource in = openSource(item)) {
                SharedBlobs.Scoped[] out = new SharedBlobs.Scoped[1];
                CopyListener blobs = new CopyListener() {
                    @Override
                    public void blobDone(Descriptor blob, BlobOutcome outcome) {
                        out[0].stored(blob);
                    }
                };
                // The destination is opened (by the copier) only once the policy admitted the source.
                return new Copier(
                                PlatformSubset.options(options, plan.platforms(), in),
                                CopyListeners.both(blobs, listener.copying(item)))
                        .copy(
                                in,
                                () -> out[0] = shared.wrap(
                                        dev.skiff.delta.DeltaDestination.of(openDestination(item), plan.deltaFrom()),
                                        scope(item.destination())));
            }
        }

        /** Referrers added at the source since the image was copied (a signature, an SBOM) follow it to the destination. */
        private void referrersOnly(SyncItem item, Digest image) throws IOException {
            CopyOptions options = new CopyOptions(plan.all(), plan.platform(), CopyOptions.DEFAULT_PARALLELISM)
                    .withReferrers(plan.referrers());
            try (ImageSource in = openSource(item);
                    ImageSource held = item.destination().openSource(destinationOptions)) {
                int n = new Copier(options, null)
                        .copyReferrers(
                                in, held, image, () -> shared.wrap(openDestination(item), scope(item.destination())));
                if (n > 0) {
                    listener.referrersCopied(item, n);
                }
            }
        }

        /** The source, through the run's session (one client per registry for the whole run). */
        private ImageSource openSource(SyncItem item) throws IOException {
            return item.source().openSource(sourceOptions(item));
        }

        /** The destination: into the run's batch when its store is written whole, else where its reference says. */
        private ImageDestination openDestination(SyncItem item) throws IOException {
            ImageReference ref = item.destination();
            try {
                return ref instanceof BatchWriting store
                        ? batches.destination(store, ref, destinationOptions)
                        : ref.openDestination(destinationOptions);
            } catch (SkiffException e) {
                throw e.onSide(Side.DESTINATION);
            }
        }
    }

    /**
     * The descriptor of the manifest {@code ref} names, the cheapest way its transport offers;
     * a transport without a look-up has its manifest read. Empty when there is no such image.
     */
    static Optional<Descriptor> head(ImageReference ref, TransportOptions options) throws IOException {
        if (ref instanceof ManifestLookup lookup) {
            return lookup.head(options);
        }
        try (ImageSource in = ref.openSource(options)) {
            return Optional.of(in.manifest().descriptor());
        } catch (ImageNotFoundException e) {
            return Optional.empty();
        }
    }

    /** Where blobs are shared: what the destination declares (one layout, one repository, one archive), else itself alone. */
    private static String scope(ImageReference destination) {
        return destination instanceof BlobScope scope ? scope.blobScope() : destination.toString();
    }

    private static SyncOutcome failed(
            SyncItem item, long start, String reason, SyncOutcome.Failure kind, SkiffException error) {
        return new SyncOutcome(item, SyncOutcome.Status.FAILED, null, 0, elapsed(start), reason, kind, error);
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
