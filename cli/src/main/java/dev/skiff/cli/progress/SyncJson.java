package dev.skiff.cli.progress;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.model.Json;
import dev.skiff.sync.SyncOutcome;
import dev.skiff.sync.SyncReport;
import java.util.Locale;

/** A sync's report for {@code --json}: one object on stdout, the summary's counts and every image's outcome. */
public final class SyncJson {
    private SyncJson() {}

    public static String report(SyncReport r, boolean dryRun) {
        ObjectNode o = Json.object();
        o.put("dryRun", dryRun);
        o.put("copied", r.with(SyncOutcome.Status.COPIED).size());
        o.put("skipped", r.with(SyncOutcome.Status.SKIPPED).size());
        o.put("failed", r.with(SyncOutcome.Status.FAILED).size());
        if (dryRun) {
            o.put("wouldCopy", r.with(SyncOutcome.Status.WOULD_COPY).size());
        }
        o.put("bytes", r.bytes());
        o.put("seconds", r.elapsed().toMillis() / 1000.0);
        o.put("stoppedEarly", r.stoppedEarly());
        ArrayNode images = o.putArray("images");
        for (SyncOutcome x : r.outcomes()) {
            ObjectNode i = images.addObject();
            i.put("source", x.item().source().toString());
            i.put("destination", x.item().destination().toString());
            i.put("status", x.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
            if (x.digest() != null) {
                i.put("digest", x.digest().toString());
            }
            i.put("bytes", x.bytes());
            if (x.reason() != null) {
                i.put("reason", x.reason());
            }
        }
        return o.toString();
    }
}
