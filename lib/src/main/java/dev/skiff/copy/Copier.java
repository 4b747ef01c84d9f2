package dev.skiff.copy;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.io.BlobVerificationException;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import dev.skiff.transport.BlobMounter;
import dev.skiff.transport.FormatConstraints;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies an image from a source to a destination: blobs first (in parallel, each streamed through
 * a verifying stream, skipped when the destination has it), then child manifests, then the
 * top-level manifest, then commit. Manifests are written as their original bytes unless the
 * destination or the options require a change, which {@link ImageRewriter} plans before anything is
 * written and {@link ManifestBuilder} applies once the rewritten blobs are stored.
 */
public final class Copier {
    private final CopyOptions options;
    private final CopyListener listener;

    public Copier(CopyOptions options, CopyListener listener) {
        this.options = options;
        this.listener = listener == null ? CopyListener.NONE : listener;
    }

    /** Opens a destination; the copy calls it only once the policy has admitted the source. */
    @FunctionalInterface
    public interface DestinationOpener {
        ImageDestination open() throws IOException;
    }

    /**
     * Checks the policy on the source first, and opens (and closes) the destination only when it
     * admits the image: a refused image leaves the destination untouched.
     */
    public CopyResult copy(ImageSource source, DestinationOpener opener) throws IOException {
        TrustSteps.Admitted admitted = admit(source);
        try (ImageDestination destination = Sides.destination(opener::open)) {
            return copy(source, destination, admitted);
        }
    }

    public CopyResult copy(ImageSource source, ImageDestination destination) throws IOException {
        return copy(source, destination, admit(source));
    }

    /**
     * Carries the referrers of {@code image}, which the destination already holds (a sync found it up
     * to date), that {@code held} (the destination read as a source; null when it cannot be read)
     * lacks; opens the destination only when there are any. Returns how many were copied.
     */
    public int copyReferrers(ImageSource source, ImageSource held, Digest image, DestinationOpener opener)
            throws IOException {
        ReferrerCopy wanted = ReferrerCopy.discover(source, java.util.List.of(image), options.referrers());
        if (wanted.count() == 0) {
            return 0;
        }
        ReferrerCopy missing = held == null
                ? wanted
                : wanted.without(ReferrerCopy.discover(held, java.util.List.of(image), options.referrers()));
        if (missing.count() == 0) {
            return 0;
        }
        try (ImageDestination destination = Sides.destination(opener::open)) {
            missing.check(destination, image, java.util.List.of());
            missing.store(source, destination, listener);
            missing.publish(destination, listener);
            Sides.destinationStep(destination::commit);
        }
        return missing.count();
    }

    private TrustSteps.Admitted admit(ImageSource source) throws IOException {
        try {
            return options.trust().admit(source, options);
        } catch (UncheckedIOException e) {
            throw e.getCause();
        }
    }

    private CopyResult copy(ImageSource source, ImageDestination destination, TrustSteps.Admitted admitted)
            throws IOException {
        long start = System.nanoTime();
        Run run = new Run(source, destination);
        ManifestDocument top = admitted.top(); // read once, by the policy check
        Platform chosen = null;
        if (top instanceof ImageIndex index
                && !options.all()
                && options.platforms().isEmpty()) {
            Descriptor child = choose(index, source);
            chosen = child.platform();
            top = read(source, child, admitted);
            while (top instanceof ImageIndex nested) {
                Descriptor next = choose(nested, source);
                top = read(source, next, admitted);
            }
        }
        SkiffException refusal = top instanceof ImageIndex && destination instanceof FormatConstraints constraints
                ? constraints.indexRefusal()
                : null;
        if (refusal != null) {
            throw refusal.onSide(Side.DESTINATION); // before a blob is written, as every decision below
        }
        checkDeltaBase(source, top, destination);
        // Every decision (format, compression, platforms, --preserve-digests) is made before a byte is written.
        ImageRewriter rewriter = new ImageRewriter(options, source, destination);
        PlannedDocument plan = rewriter.plan(top);
        options.trust().check(admitted, destination, !rewriter.reasons().isEmpty());
        ReferrerCopy referrers = ReferrerCopy.discover(source, subjects(top), options.referrers());
        referrers.check(destination, top.digest(), rewriter.reasons());
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), daemonThreads());
        try {
            Map<BlobStep.Key, BlobStep> steps = new LinkedHashMap<>();
            collect(plan, steps);
            listener.blobsPlanned(steps.values().stream().map(BlobStep::source).toList());
            steps.values().forEach(step -> run.schedule(step, pool));
            run.awaitBlobs();
        } finally {
            stop(pool);
        }
        ManifestBuilder builder = new ManifestBuilder(run.rewritten);
        ManifestDocument written = builder.build(plan);
        for (ManifestDocument child : builder.children()) {
            Sides.destinationStep(() -> destination.putChildManifest(child));
            listener.manifestWritten(child);
        }
        referrers.store(source, destination, listener);
        Sides.destinationStep(() -> destination.putManifest(written));
        listener.manifestWritten(written);
        referrers.publish(destination, listener);
        options.trust().store(admitted, destination, written, builder.children());
        Sides.destinationStep(destination::commit);
        return new CopyResult(
                written.digest(),
                written.mediaType(),
                chosen,
                run.copied.get(),
                run.skipped.get(),
                run.mounted.get(),
                run.bytes.get(),
                Duration.ofNanos(System.nanoTime() - start),
                top.digest(),
                rewriter.reasons(),
                referrers.count());
    }

    /** Whose referrers travel: the image's; copying a whole index, its images' too (their digests are kept). */
    private java.util.List<Digest> subjects(ManifestDocument top) {
        java.util.List<Digest> subjects = new java.util.ArrayList<>();
        subjects.add(top.digest());
        if (top instanceof ImageIndex index
                && options.all()
                && options.platforms().isEmpty()
                && !options.indexOnly()) {
            index.manifests().forEach(d -> subjects.add(d.digest()));
        }
        return subjects;
    }

    /** From a delta bundle: every blob it left out must be at the destination, checked before anything is written. */
    private void checkDeltaBase(ImageSource source, ManifestDocument top, ImageDestination destination)
            throws IOException {
        if (options.indexOnly()) {
            return;
        }
        java.util.List<dev.skiff.delta.DeltaImport.Missing> missing = dev.skiff.delta.DeltaImport.missing(
                source,
                top,
                destination,
                new dev.skiff.delta.DeltaImport.Selection(options.all(), options.platforms(), options.platform()));
        if (!missing.isEmpty()) {
            throw dev.skiff.delta.DeltaImport.refusal(
                    source.reference().toString(), dev.skiff.delta.DeltaImport.inventoryOf(source), missing);
        }
    }

    private static ManifestDocument read(ImageSource source, Descriptor child, TrustSteps.Admitted admitted)
            throws IOException {
        ManifestDocument known = admitted.reuse(child);
        return known != null ? known : Sides.source(() -> source.manifest(child));
    }

    private Descriptor choose(ImageIndex index, ImageSource source) {
        return index.find(options.platform())
                .orElseThrow(() -> new SkiffException(
                        "no image for " + options.platform() + " in " + source.reference() + " (it has: "
                                + index.platformList() + ")",
                        Hint.PLATFORM_MISSING,
                        String.valueOf(options.platform()),
                        Side.SOURCE,
                        null));
    }

    /**
     * Every blob step under {@code planned} whose bytes move, each distinct step once, in the order
     * they are scheduled (a foreign layer stays where its urls point: its bytes are never fetched).
     */
    private static void collect(PlannedDocument planned, Map<BlobStep.Key, BlobStep> steps) {
        if (planned instanceof PlannedDocument.Image image) {
            for (BlobStep step : image.layers()) {
                add(step, steps);
            }
            add(image.config(), steps);
        } else if (planned instanceof PlannedDocument.Index index) {
            for (PlannedDocument.Entry e : index.entries()) {
                if (e.child() != null) {
                    collect(e.child(), steps);
                }
            }
        }
    }

    private static void add(BlobStep step, Map<BlobStep.Key, BlobStep> steps) {
        if (step.kind() != BlobStep.Kind.REFERENCE) {
            steps.putIfAbsent(step.key(), step);
        }
    }

    /**
     * Cancels blob transfers still running after a failure and waits for them to end, so their
     * temporary files are removed before the copy reports (nothing half-written is left behind).
     */
    private static void stop(ExecutorService pool) {
        pool.shutdownNow();
        try {
            if (!pool.awaitTermination(30, TimeUnit.SECONDS)) {
                System.getLogger(Copier.class.getName())
                        .log(System.Logger.Level.WARNING, "blob transfers still running 30 s after the copy ended");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    private static java.util.concurrent.ThreadFactory daemonThreads() {
        AtomicInteger n = new AtomicInteger();
        return r -> {
            Thread t = new Thread(r, "skiff-copy-" + n.incrementAndGet());
            t.setDaemon(true);
            return t;
        };
    }

    /** The state of one copy: blobs scheduled once each, and counters. */
    private final class Run {
        final ImageSource source;
        final ImageDestination destination;
        final Map<BlobStep.Key, Future<?>> blobs = new LinkedHashMap<>();
        final Map<BlobStep.Key, Descriptor> rewritten = new java.util.concurrent.ConcurrentHashMap<>();
        final AtomicInteger copied = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger mounted = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();

        Run(ImageSource source, ImageDestination destination) {
            this.source = source;
            this.destination = destination;
        }

        void schedule(BlobStep step, ExecutorService pool) {
            if (step.kind() == BlobStep.Kind.REFERENCE) {
                return; // a foreign layer stays where its urls point; its bytes are never fetched
            }
            blobs.computeIfAbsent(
                    step.key(),
                    k -> pool.submit(() -> {
                        try {
                            if (step.kind() == BlobStep.Kind.COPY) {
                                copyBlob(step.source());
                            } else {
                                rewriteBlob(step);
                            }
                        } catch (IOException e) {
                            throw new UncheckedIOException(e);
                        }
                        return null;
                    }));
        }

        void awaitBlobs() throws IOException {
            for (Map.Entry<BlobStep.Key, Future<?>> e : blobs.entrySet()) {
                try {
                    e.getValue().get();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SkiffException("copy interrupted");
                } catch (ExecutionException ee) {
                    blobs.values().forEach(f -> f.cancel(true));
                    rethrow(ee.getCause(), e.getKey().digest());
                }
            }
        }

        private void rethrow(Throwable cause, Digest digest) throws IOException {
            Throwable c = cause instanceof UncheckedIOException u ? u.getCause() : cause;
            if (c instanceof BlobVerificationException v) {
                throw new SkiffException(
                        "blob " + digest + " from " + source.reference()
                                + " failed verification: " + v.getMessage()
                                + "; nothing was stored under its digest at "
                                + destination.reference(),
                        Hint.NONE,
                        null,
                        Side.SOURCE,
                        v);
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new SkiffException("copying blob " + digest + " failed: " + c, c);
        }

        void rewriteBlob(BlobStep step) throws IOException {
            listener.blobStarted(step.source());
            Descriptor written = BlobRewrite.write(step, source, destination, listener);
            rewritten.put(step.key(), written);
            copied.incrementAndGet();
            bytes.addAndGet(written.size());
            listener.blobDone(step.source(), BlobOutcome.COPIED);
        }

        void copyBlob(Descriptor blob) throws IOException {
            listener.blobStarted(blob);
            if (Sides.destination(() -> destination.hasBlob(blob))) {
                skipped.incrementAndGet();
                listener.blobDone(blob, BlobOutcome.SKIPPED);
                return;
            }
            if (destination instanceof BlobMounter mounter
                    && Sides.destination(() -> mounter.mount(blob, source.reference()))) {
                mounted.incrementAndGet();
                listener.blobDone(blob, BlobOutcome.MOUNTED);
                return;
            }
            try (InputStream raw = Sides.source(() -> source.openBlob(blob));
                    InputStream verified = Sides.source(
                            new VerifyingInputStream(new ProgressInputStream(raw, blob, listener), blob))) {
                Sides.destinationStep(() -> destination.putBlob(blob, verified));
            }
            copied.incrementAndGet();
            bytes.addAndGet(blob.size());
            listener.blobDone(blob, BlobOutcome.COPIED);
        }
    }
}
