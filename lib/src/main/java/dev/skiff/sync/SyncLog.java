package dev.skiff.sync;

import dev.skiff.io.Sizes;
import java.io.PrintWriter;
import java.util.List;

/**
 * A plain-text log of a sync: one line per image as it finishes, and the summary. The sync command,
 * the mirror command and hosts that embed the DSL (a Jenkins step) write the same lines.
 */
public record SyncLog(PrintWriter out, boolean quiet, boolean dryRun) implements SyncListener {
    @Override
    public void planned(int images) {
        if (!quiet) {
            line((dryRun ? "Dry run: " : "") + images + " image" + (images == 1 ? "" : "s") + " to check");
        }
    }

    @Override
    public void finished(SyncOutcome o) {
        if (quiet && (o.status() == SyncOutcome.Status.COPIED || o.status() == SyncOutcome.Status.SKIPPED)) {
            return;
        }
        String what = o.item().source() + " -> " + o.item().destination();
        switch (o.status()) {
            case COPIED ->
                line("Copied " + what + " (" + o.digest() + ", " + Sizes.human(o.bytes()) + ", "
                        + Sizes.seconds(o.elapsed()) + ")");
            case SKIPPED -> line("Up to date " + what + " (" + o.digest() + ")");
            case WOULD_COPY -> line("Would copy " + what + " (" + Sizes.human(o.bytes()) + ")");
            case FAILED -> line("Failed " + what + ": " + o.reason());
        }
    }

    private synchronized void line(String text) {
        out.println(text);
        out.flush();
    }

    /** The summary; {@code howToKeepGoing} tells the reader of a run stopped early how to go on past failures. */
    public static void summary(PrintWriter out, SyncReport r, boolean dryRun, String howToKeepGoing) {
        int copied = r.with(SyncOutcome.Status.COPIED).size();
        int wouldCopy = r.with(SyncOutcome.Status.WOULD_COPY).size();
        List<SyncOutcome> failed = r.with(SyncOutcome.Status.FAILED);
        StringBuilder b = new StringBuilder(dryRun ? "Dry run, nothing written: " : "Sync done: ");
        if (dryRun) {
            b.append(wouldCopy)
                    .append(" would be copied (")
                    .append(Sizes.human(r.with(SyncOutcome.Status.WOULD_COPY).stream()
                            .mapToLong(SyncOutcome::bytes)
                            .sum()))
                    .append(")");
        } else {
            b.append(copied).append(" copied (").append(Sizes.human(r.bytes())).append(")");
        }
        b.append(", ")
                .append(r.with(SyncOutcome.Status.SKIPPED).size())
                .append(" skipped as up to date, ")
                .append(failed.size())
                .append(" failed, in ")
                .append(Sizes.seconds(r.elapsed()));
        out.println(b);
        for (SyncOutcome f : failed) {
            out.println("  failed: " + f.item().source() + ": " + f.reason());
        }
        if (r.stoppedEarly()) {
            out.println("Stopped at the first failure; images after it were not synced (" + howToKeepGoing + ").");
        }
    }
}
