package dev.skiff.cli.progress;

import dev.skiff.copy.BlobOutcome;
import dev.skiff.copy.CopyListener;
import dev.skiff.model.Descriptor;
import dev.skiff.sync.SyncItem;
import dev.skiff.sync.SyncListener;
import dev.skiff.sync.SyncLog;
import dev.skiff.sync.SyncOutcome;
import java.io.PrintWriter;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Shows a sync (or a mirror plan) to a person: {@link SyncLog}'s line for each image as it
 * finishes and, on a terminal, a live area with each image in flight (bytes done of its total),
 * then images done of total, the overall rate and an ETA.
 */
public final class SyncProgress implements SyncListener, AutoCloseable {
    private final ProgressView view;
    private final LongSupplier clock;
    private final SyncLog log;
    private final Map<SyncItem, Image> moving = new LinkedHashMap<>();
    private final RateMeter overall = new RateMeter();
    private int images;
    private int finished;
    /** Bytes of finished images, and of all bytes moved (the rate's). */
    private long finishedBytes;

    private long movedBytes;

    public SyncProgress(ProgressView view, boolean dryRun, LongSupplier clock) {
        this.view = view;
        this.clock = clock;
        this.log = new SyncLog(new PrintWriter(new LineWriter(view::line)), false, dryRun);
        overall.record(clock.getAsLong(), 0);
    }

    @Override
    public void planned(int count) {
        synchronized (this) {
            images = count;
        }
        log.planned(count);
        view.live(this::lines, true);
    }

    @Override
    public CopyListener copying(SyncItem item) {
        Image image = new Image(new Transfer(item.source().toString(), 0, clock.getAsLong()));
        synchronized (this) {
            moving.put(item, image);
        }
        view.live(this::lines, true);
        return image;
    }

    @Override
    public void finished(SyncOutcome outcome) {
        synchronized (this) {
            moving.remove(outcome.item());
            finished++;
            if (outcome.status() == SyncOutcome.Status.COPIED) {
                finishedBytes += outcome.bytes();
            }
        }
        log.finished(outcome);
        view.live(this::lines, true);
    }

    /** The live area at {@code width} columns: a line per image in flight, then the total. */
    synchronized List<String> lines(int width) {
        long now = clock.getAsLong();
        List<String> lines = new ArrayList<>();
        long inFlightTotal = 0;
        long inFlightDone = 0;
        for (Image i : moving.values()) {
            Transfer t = i.transfer;
            inFlightTotal += t.total;
            inFlightDone += t.done;
            String tail = t.total == 0 ? "starting" : ProgressText.bytes(t.done, t.total);
            int label = Math.max(20, width - tail.length() - 4 - 20);
            lines.add(Lines.withBar(ProgressText.fitEnd(t.name, label), t.done, t.total, tail, width));
        }
        if (images > 0) {
            double rate = overall.perSecond(now);
            lines.add(ProgressText.fit(
                    finished + " of " + images + " images done  " + ProgressText.mib(movedBytes) + " moved  "
                            + ProgressText.rate(rate) + "  " + eta(rate, inFlightTotal, inFlightDone),
                    width));
        }
        return lines;
    }

    /**
     * Time left at {@code rate}: the bytes left of images in flight, and for images not started the
     * mean size of those seen so far (an image found up to date counts as none, so a mostly
     * up-to-date mirror is not overestimated).
     */
    private String eta(double rate, long inFlightTotal, long inFlightDone) {
        int seen = finished + moving.size();
        int pending = images - seen;
        if (rate <= 0 || seen == 0) {
            return ProgressText.eta(Double.NaN);
        }
        double mean = (double) (finishedBytes + inFlightTotal) / seen;
        double left = Math.max(0, inFlightTotal - inFlightDone) + pending * mean;
        return ProgressText.eta(left / rate);
    }

    @Override
    public void close() {
        view.close();
    }

    /** One image's blobs: their bytes make its progress. */
    private final class Image implements CopyListener {
        final Transfer transfer;
        final Map<Descriptor, Long> blobs = new HashMap<>();

        Image(Transfer transfer) {
            this.transfer = transfer;
        }

        @Override
        public void blobsPlanned(List<Descriptor> planned) {
            synchronized (SyncProgress.this) {
                transfer.total = planned.stream().mapToLong(Descriptor::size).sum();
            }
            view.live(SyncProgress.this::lines, false);
        }

        @Override
        public void blobProgress(Descriptor blob, long bytes) {
            synchronized (SyncProgress.this) {
                moved(blob, bytes);
            }
            view.live(SyncProgress.this::lines, false);
        }

        @Override
        public void blobDone(Descriptor blob, BlobOutcome outcome) {
            synchronized (SyncProgress.this) {
                if (outcome == BlobOutcome.COPIED) {
                    moved(blob, blob.size());
                } else {
                    // found at the destination: done, though nothing moved
                    transfer.done += blob.size() - blobs.getOrDefault(blob, 0L);
                    blobs.put(blob, blob.size());
                }
            }
            view.live(SyncProgress.this::lines, false);
        }

        private void moved(Descriptor blob, long bytes) {
            long before = blobs.getOrDefault(blob, 0L);
            if (bytes <= before) {
                return;
            }
            blobs.put(blob, bytes);
            long now = clock.getAsLong();
            movedBytes += bytes - before;
            overall.record(now, movedBytes);
            transfer.progress(now, transfer.done + bytes - before);
        }
    }
}
