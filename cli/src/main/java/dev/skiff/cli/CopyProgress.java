package dev.skiff.cli;

import dev.skiff.copy.BlobOutcome;
import dev.skiff.copy.CopyListener;
import dev.skiff.io.Sizes;
import dev.skiff.model.Descriptor;
import java.io.PrintWriter;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Shows a copy to a person. On a terminal one status line is redrawn (blobs done, bytes, rate);
 * in a pipe each blob gets one line when it finishes, as skopeo prints them.
 */
final class CopyProgress implements CopyListener {
    private final PrintWriter out;
    private final boolean terminal;
    private final Map<Descriptor, Long> progress = new ConcurrentHashMap<>();
    private final long start = System.nanoTime();
    private int done;
    private int total;
    private long lastDraw;

    CopyProgress(PrintWriter out, boolean terminal) {
        this.out = out;
        this.terminal = terminal;
    }

    @Override
    public synchronized void blobStarted(Descriptor blob) {
        total++;
        progress.put(blob, 0L);
        draw(false);
    }

    @Override
    public synchronized void blobProgress(Descriptor blob, long bytes) {
        progress.put(blob, bytes);
        draw(false);
    }

    @Override
    public synchronized void blobDone(Descriptor blob, BlobOutcome outcome) {
        done++;
        progress.put(blob, blob.size());
        String what = switch (outcome) {
            case COPIED -> "done (" + Sizes.human(blob.size()) + ")";
            case SKIPPED -> "skipped: already exists";
            case MOUNTED -> "mounted from the source repository";
        };
        clearLine();
        out.println("Copying blob " + blob.digest().shortForm() + " " + what);
        draw(true);
    }

    /** Called once the blobs are done, before the manifest is written. */
    synchronized void finishBlobs() {
        clearLine();
        out.flush();
    }

    private void draw(boolean force) {
        if (!terminal) {
            return;
        }
        long now = System.nanoTime();
        if (!force && now - lastDraw < 100_000_000L) {
            return;
        }
        lastDraw = now;
        long bytes = progress.values().stream().mapToLong(Long::longValue).sum();
        double seconds = Math.max((now - start) / 1e9, 0.001);
        out.print("\r\033[K" + done + "/" + total + " blobs, " + Sizes.human(bytes) + ", "
                + Sizes.human((long) (bytes / seconds)) + "/s");
        out.flush();
    }

    private void clearLine() {
        if (terminal) {
            out.print("\r\033[K");
        }
    }
}
