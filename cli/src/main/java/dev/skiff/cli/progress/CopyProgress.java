package dev.skiff.cli.progress;

import dev.skiff.copy.BlobOutcome;
import dev.skiff.copy.CopyListener;
import dev.skiff.io.Sizes;
import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.LongSupplier;

/**
 * Shows one copy to a person. Each blob that finishes gets a line that stays ({@code Copying blob
 * sha256:1a2b3c4d5e6f done (3.2 MiB)}, as skopeo prints it); on a terminal each blob moving has a
 * live line with its bar, {@code x MiB / y MiB} and current rate, under a total with an ETA.
 */
public final class CopyProgress implements CopyListener, AutoCloseable {
    private final ProgressView view;
    private final LongSupplier clock;
    private final Map<Digest, Transfer> moving = new LinkedHashMap<>();
    private final RateMeter overall = new RateMeter();
    private int blobs;
    private int finished;
    private long totalBytes;
    /** Bytes of blobs finished: moved, or found at the destination (they need no moving). */
    private long finishedBytes;
    /** Bytes moved over the wire, for the rate. */
    private long movedBytes;

    public CopyProgress(ProgressView view, LongSupplier clock) {
        this.view = view;
        this.clock = clock;
        overall.record(clock.getAsLong(), 0);
    }

    @Override
    public void blobsPlanned(List<Descriptor> planned) {
        synchronized (this) { // never held while calling the view: the view calls back into lines()
            blobs = planned.size();
            totalBytes = planned.stream().mapToLong(Descriptor::size).sum();
        }
        view.live(this::lines, true);
    }

    @Override
    public void blobStarted(Descriptor blob) {
        synchronized (this) {
            moving.put(blob.digest(), new Transfer(blob.digest().shortForm(), blob.size(), clock.getAsLong()));
        }
        view.live(this::lines, false);
    }

    @Override
    public void blobProgress(Descriptor blob, long bytes) {
        synchronized (this) {
            Transfer t = moving.get(blob.digest());
            if (t == null) {
                return;
            }
            long now = clock.getAsLong();
            movedBytes += bytes - t.done;
            t.progress(now, bytes);
            overall.record(now, movedBytes);
        }
        view.live(this::lines, false);
    }

    @Override
    public void blobDone(Descriptor blob, BlobOutcome outcome) {
        synchronized (this) {
            Transfer t = moving.remove(blob.digest());
            if (t != null && outcome == BlobOutcome.COPIED) {
                movedBytes += blob.size() - t.done; // what the last report did not count
                overall.record(clock.getAsLong(), movedBytes);
            }
            finished++;
            finishedBytes += blob.size();
        }
        view.line("Copying blob " + blob.digest().shortForm() + " " + describe(blob, outcome));
        view.live(this::lines, true);
    }

    static String describe(Descriptor blob, BlobOutcome outcome) {
        return switch (outcome) {
            case COPIED -> "done (" + Sizes.human(blob.size()) + ")";
            case SKIPPED -> "skipped: already exists";
            case MOUNTED -> "mounted from the source repository";
        };
    }

    /** The live area at {@code width} columns: a line per blob moving, then the total. */
    synchronized List<String> lines(int width) {
        long now = clock.getAsLong();
        List<String> lines = new ArrayList<>();
        long doneBytes = finishedBytes;
        for (Transfer t : moving.values()) {
            doneBytes += t.done;
            lines.add(Lines.withBar(
                    "Copying blob " + t.name,
                    t.done,
                    t.total,
                    ProgressText.bytes(t.done, t.total) + "  " + ProgressText.rate(t.rate.perSecond(now)),
                    width));
        }
        if (blobs > 0) {
            double rate = overall.perSecond(now);
            long left = Math.max(0, totalBytes - doneBytes);
            lines.add(ProgressText.fit(
                    finished + " of " + blobs + " blobs  " + ProgressText.bytes(doneBytes, totalBytes) + "  "
                            + ProgressText.rate(rate) + "  " + ProgressText.eta(rate > 0 ? left / rate : Double.NaN),
                    width));
        }
        return lines;
    }

    /** Removes the live area: the summary follows on a clean line. */
    @Override
    public void close() {
        view.close();
    }
}
