package dev.skiff.dsl

import dev.skiff.io.GoJson
import dev.skiff.model.Json
import dev.skiff.sync.SyncPlan
import dev.skiff.sync.SyncReport
import dev.skiff.sync.SyncSummaryJson

/**
 * What {@code mirror --shard I/N} and {@code mirror --json} add after the plans ran: a line per plan
 * saying which part of it ran, or (with --json) a JSON array with one summary per plan, in order.
 */
final class ShardSummaries {
    private ShardSummaries() {
    }

    static void print(PrintWriter out, List<SyncPlan> plans, List<SyncReport> reports, boolean json) {
        if (json) {
            def array = Json.array()
            reports.eachWithIndex { SyncReport r, int i -> array.add(SyncSummaryJson.of(r, plans[i].shard(), plans[i].dryRun())) }
            out.println(GoJson.marshalIndent(array))
        } else {
            reports.eachWithIndex { SyncReport r, int i ->
                if (plans[i].shard().whole()) {
                    return
                }
                out.println("Plan ${i + 1} of ${plans.size()}: ${SyncSummaryJson.line(r, plans[i].shard())}")
            }
        }
        out.flush()
    }
}
