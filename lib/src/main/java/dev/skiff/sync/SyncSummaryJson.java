package dev.skiff.sync;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.io.GoJson;
import dev.skiff.model.Json;
import java.util.LinkedHashSet;
import java.util.Set;

/**
 * A sync's summary for scripts ({@code sync --json}, {@code mirror --json}): the part of the plan it
 * ran ({@code shard}: index, count and the repositories it took), the counts the text summary gives,
 * and one entry per image with its source, destination, status and digest. A Job that runs N shards
 * collects N of these and can check that they cover the plan.
 */
public final class SyncSummaryJson {
    private SyncSummaryJson() {}

    public static ObjectNode of(SyncReport report, Shard shard, boolean dryRun) {
        ObjectNode root = Json.object();
        root.set("shard", shard(report, shard));
        root.put("dryRun", dryRun);
        root.put("copied", report.with(SyncOutcome.Status.COPIED).size());
        root.put("wouldCopy", report.with(SyncOutcome.Status.WOULD_COPY).size());
        root.put("skipped", report.with(SyncOutcome.Status.SKIPPED).size());
        root.put("failed", report.with(SyncOutcome.Status.FAILED).size());
        root.put("bytes", report.bytes());
        root.put("seconds", report.elapsed().toMillis() / 1000.0);
        root.put("stoppedEarly", report.stoppedEarly());
        ArrayNode images = root.putArray("images");
        for (SyncOutcome o : report.outcomes()) {
            ObjectNode image = images.addObject();
            image.put("source", o.item().source().toString());
            image.put("destination", o.item().destination().toString());
            image.put(
                    "status",
                    o.status().name().toLowerCase(java.util.Locale.ROOT).replace('_', '-'));
            if (o.digest() != null) {
                image.put("digest", o.digest().toString());
            }
            image.put("bytes", o.bytes());
            if (o.reason() != null) {
                image.put("reason", o.reason());
            }
        }
        return root;
    }

    /** The JSON text, indented as the other commands print theirs. */
    public static String text(SyncReport report, Shard shard, boolean dryRun) {
        return GoJson.marshalIndent(of(report, shard, dryRun));
    }

    /** Which part was run, and the destination repositories it held. */
    static ObjectNode shard(SyncReport report, Shard shard) {
        ObjectNode node = Json.object();
        node.put("index", shard.index());
        node.put("count", shard.count());
        node.put("part", shard.toString());
        node.put("hash", "sha256(destination repository)");
        ArrayNode repositories = node.putArray("repositories");
        repositories(report).forEach(repositories::add);
        return node;
    }

    /** The text line saying which part of the plan a run took; empty for a whole plan. */
    public static String line(SyncReport report, Shard shard) {
        if (shard.whole()) {
            return "";
        }
        Set<String> repositories = repositories(report);
        return "Shard " + shard + " (part " + shard.index() + " of " + shard.count()
                + ", split by SHA-256 of the destination repository): "
                + report.outcomes().size() + " image"
                + (report.outcomes().size() == 1 ? "" : "s") + " in " + repositories.size() + " repositor"
                + (repositories.size() == 1 ? "y" : "ies")
                + (repositories.isEmpty() ? "" : ": " + String.join(", ", repositories));
    }

    private static Set<String> repositories(SyncReport report) {
        Set<String> names = new LinkedHashSet<>();
        for (SyncOutcome o : report.outcomes()) {
            names.add(Shard.repositoryOf(o.item()));
        }
        return names;
    }
}
