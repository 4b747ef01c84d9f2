package dev.skiff.cli;

import dev.skiff.sync.Shard;
import dev.skiff.sync.SyncPlan;
import dev.skiff.sync.SyncReport;
import dev.skiff.sync.SyncSummaryJson;
import java.io.PrintWriter;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Option;
import picocli.CommandLine.TypeConversionException;

/**
 * Scale-out flags of {@code sync} (and the DSL's {@code mirror}): {@code --shard I/N} runs the I-th
 * of N disjoint parts of the plan (one per pod of a Kubernetes Indexed Job), and {@code --json}
 * prints the summary as JSON, saying which part ran, so the N summaries can be collected and checked.
 */
public final class ShardOptions {
    @Option(
            names = "--shard",
            paramLabel = "I/N",
            converter = ShardConverter.class,
            description = "Run only the I-th of N disjoint parts of the plan (1 <= I <= N), split by SHA-256 of the"
                    + " destination repository: a repository's tags stay together, the split is the same every run.")
    Shard shard;

    /** The part asked for; the whole plan without {@code --shard}. */
    public Shard shard() {
        return shard == null ? Shard.WHOLE : shard;
    }

    /** The plan cut to the part asked for. */
    public SyncPlan apply(SyncPlan plan) {
        return shard == null ? plan : plan.withShard(shard);
    }

    /** After the text summary: which part ran (nothing for a whole plan); with {@code --json} the whole JSON summary instead. */
    public void summary(PrintWriter out, SyncReport report, boolean dryRun, boolean json, Runnable textSummary) {
        if (json) {
            out.println(SyncSummaryJson.text(report, shard(), dryRun));
        } else {
            textSummary.run();
            String line = SyncSummaryJson.line(report, shard());
            if (!line.isEmpty()) {
                out.println(line);
            }
        }
        out.flush();
    }

    /** {@code I/N}; anything else is a usage error naming {@code --shard}. */
    public static final class ShardConverter implements ITypeConverter<Shard> {
        @Override
        public Shard convert(String value) {
            try {
                return Shard.parse(value);
            } catch (IllegalArgumentException e) {
                throw new TypeConversionException(e.getMessage());
            }
        }
    }
}
