package dev.skiff.cli.progress;

import dev.skiff.copy.CopyListener;
import dev.skiff.sync.SyncListener;
import dev.skiff.sync.SyncLog;
import java.io.PrintWriter;
import picocli.CommandLine.Option;

/**
 * {@code --json} for the commands that move images (copy, sync, mirror), and the listener each
 * of them hears its progress with: nothing with {@code -q}, JSON events on stderr with
 * {@code --json}, else lines for people (live on a terminal, plain in a pipe).
 */
public final class ProgressOptions {
    @Option(
            names = "--json",
            description =
                    "Progress as JSON events on stderr (one object per line: blob-started, blob-progress, blob-done, image-done...) and the result as JSON on stdout.")
    public boolean json;

    /** A copy's listener; close it before printing what follows the progress. */
    public Copy copy(PrintWriter out, PrintWriter err, boolean quiet) {
        if (quiet) {
            return new Copy(CopyListener.NONE, () -> {});
        }
        if (json) {
            return new Copy(new JsonProgress(err, System::nanoTime), () -> {});
        }
        CopyProgress progress = new CopyProgress(Progress.view(out), System::nanoTime);
        return new Copy(progress, progress::close);
    }

    /**
     * A sync's listener: the lines of {@link SyncLog} (one per finished image), with images in flight
     * shown live on a terminal; JSON events with --json. {@link #end} it before printing the summary.
     */
    public SyncListener sync(PrintWriter out, PrintWriter err, boolean quiet, boolean dryRun) {
        if (json) {
            return quiet ? SyncListener.NONE : new JsonProgress(err, System::nanoTime);
        }
        if (quiet) {
            return new SyncLog(out, true, dryRun);
        }
        return new SyncProgress(Progress.view(out), dryRun, System::nanoTime);
    }

    /** Ends what {@link #sync} returned: a live area is removed, so the summary starts on a clean line. */
    public static void end(SyncListener listener) {
        if (listener instanceof SyncProgress live) {
            live.close();
        }
    }

    /** A copy listener and how to end its display. */
    public record Copy(CopyListener listener, Runnable ending) implements AutoCloseable {
        @Override
        public void close() {
            ending.run();
        }
    }
}
