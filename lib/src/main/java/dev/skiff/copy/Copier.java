package dev.skiff.copy;

import dev.skiff.SkiffException;
import dev.skiff.io.BlobVerificationException;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import dev.skiff.transport.BlobMounter;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Copies an image from a source to a destination: blobs first (in parallel, each streamed through
 * a verifying stream, skipped when the destination has it), then child manifests, then the
 * top-level manifest, then commit. Manifests are written as their original bytes.
 */
public final class Copier {
    private final CopyOptions options;
    private final CopyListener listener;

    public Copier(CopyOptions options, CopyListener listener) {
        this.options = options;
        this.listener = listener == null ? CopyListener.NONE : listener;
    }

    public CopyResult copy(ImageSource source, ImageDestination destination) throws IOException {
        long start = System.nanoTime();
        Run run = new Run(source, destination);
        ManifestDocument top = source.manifest();
        Platform chosen = null;
        if (top instanceof ImageIndex index && !options.all()) {
            Descriptor child = choose(index, source);
            chosen = child.platform();
            top = source.manifest(child);
            while (top instanceof ImageIndex nested) {
                top = source.manifest(choose(nested, source));
            }
        }
        List<ManifestDocument> children = new ArrayList<>();
        ExecutorService pool = Executors.newFixedThreadPool(options.parallelism(), daemonThreads());
        try {
            collect(top, source, children, run, pool);
            run.awaitBlobs();
        } finally {
            pool.shutdownNow();
        }
        for (ManifestDocument child : children) {
            destination.putChildManifest(child);
            listener.manifestWritten(child);
        }
        destination.putManifest(top);
        listener.manifestWritten(top);
        destination.commit();
        return new CopyResult(top.digest(), top.mediaType(), chosen, run.copied.get(), run.skipped.get(),
                run.mounted.get(), run.bytes.get(), Duration.ofNanos(System.nanoTime() - start));
    }

    private Descriptor choose(ImageIndex index, ImageSource source) {
        return index.find(options.platform()).orElseThrow(() -> new SkiffException("no image for "
                + options.platform() + " in " + source.reference() + " (it has: "
                + String.join(", ", index.manifests().stream().map(d -> String.valueOf(d.platform())).toList())
                + "); pass --all to copy every platform"));
    }

    /** Schedules every blob under {@code doc}; child manifests are gathered, deepest first. */
    private void collect(ManifestDocument doc, ImageSource source, List<ManifestDocument> children, Run run,
                         ExecutorService pool) throws IOException {
        if (doc instanceof ImageManifest manifest) {
            for (Descriptor blob : manifest.layers()) {
                run.schedule(blob, pool);
            }
            run.schedule(manifest.config(), pool);
        } else if (doc instanceof ImageIndex index) {
            for (Descriptor d : index.manifests()) {
                ManifestDocument child = source.manifest(d);
                collect(child, source, children, run, pool);
                children.add(child);
            }
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
        final Map<Digest, Future<?>> blobs = new LinkedHashMap<>();
        final AtomicInteger copied = new AtomicInteger();
        final AtomicInteger skipped = new AtomicInteger();
        final AtomicInteger mounted = new AtomicInteger();
        final AtomicLong bytes = new AtomicLong();

        Run(ImageSource source, ImageDestination destination) {
            this.source = source;
            this.destination = destination;
        }

        void schedule(Descriptor blob, ExecutorService pool) {
            blobs.computeIfAbsent(blob.digest(), k -> pool.submit(() -> {
                try {
                    copyBlob(blob);
                } catch (IOException e) {
                    throw new UncheckedIOException(e);
                }
                return null;
            }));
        }

        void awaitBlobs() throws IOException {
            for (Map.Entry<Digest, Future<?>> e : blobs.entrySet()) {
                try {
                    e.getValue().get();
                } catch (InterruptedException ie) {
                    Thread.currentThread().interrupt();
                    throw new SkiffException("copy interrupted");
                } catch (ExecutionException ee) {
                    blobs.values().forEach(f -> f.cancel(true));
                    rethrow(ee.getCause(), e.getKey());
                }
            }
        }

        private void rethrow(Throwable cause, Digest digest) throws IOException {
            Throwable c = cause instanceof UncheckedIOException u ? u.getCause() : cause;
            if (c instanceof BlobVerificationException v) {
                throw new SkiffException("blob " + digest + " from " + source.reference()
                        + " failed verification: " + v.getMessage() + "; nothing was stored under its digest at "
                        + destination.reference(), v);
            }
            if (c instanceof IOException io) {
                throw io;
            }
            if (c instanceof RuntimeException r) {
                throw r;
            }
            throw new SkiffException("copying blob " + digest + " failed: " + c, c);
        }

        void copyBlob(Descriptor blob) throws IOException {
            listener.blobStarted(blob);
            if (destination.hasBlob(blob)) {
                skipped.incrementAndGet();
                listener.blobDone(blob, BlobOutcome.SKIPPED);
                return;
            }
            if (destination instanceof BlobMounter mounter && mounter.mount(blob, source.reference())) {
                mounted.incrementAndGet();
                listener.blobDone(blob, BlobOutcome.MOUNTED);
                return;
            }
            try (InputStream raw = source.openBlob(blob);
                 InputStream verified = new VerifyingInputStream(new ProgressInputStream(raw, blob, listener), blob)) {
                destination.putBlob(blob, verified);
            }
            copied.incrementAndGet();
            bytes.addAndGet(blob.size());
            listener.blobDone(blob, BlobOutcome.COPIED);
        }
    }
}
