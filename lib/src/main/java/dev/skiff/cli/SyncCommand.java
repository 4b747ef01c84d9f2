package dev.skiff.cli;

import dev.skiff.sync.SyncDestination;
import dev.skiff.sync.SyncOutcome;
import dev.skiff.sync.SyncPlan;
import dev.skiff.sync.SyncReport;
import dev.skiff.sync.SyncRunner;
import dev.skiff.sync.SyncSource;
import dev.skiff.sync.SyncYaml;
import dev.skiff.sync.TagSelection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sync --src … --dest … SOURCE DESTINATION}: skopeo's sync, deciding "up to date" by HEAD. */
@Command(name = "sync", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy every image of SOURCE to DESTINATION, skipping images whose manifest digest is already there.",
                "SOURCE (--src): docker REPO[:TAG] | dir DIR | oci LAYOUT | yaml FILE (skopeo's sync file).",
                "DESTINATION (--dest): docker HOST[/PATH] | dir DIR (one folder per image) | oci LAYOUT (every image in one layout, blobs once).",
                "Names follow skopeo: DEST/<last path element>:TAG, or the full source path with --scoped;",
                "in an OCI layout each image is tagged REPOSITORY:TAG (with --scoped HOST/REPOSITORY:TAG)."},
        footer = {"", "Examples:",
                "  skiff sync --src docker --dest docker registry.example.com/team/app mirror.internal:5000/team",
                "  skiff sync --src yaml --dest oci --scoped images.yaml ./bundle        # air-gap export",
                "  skiff sync --src oci --dest docker ./bundle registry.site.local        # air-gap import"})
final class SyncCommand implements Callable<Integer> {
    private static final List<String> SOURCES = List.of("docker", "dir", "oci", "yaml");
    private static final List<String> DESTINATIONS = List.of("docker", "dir", "oci");

    @Spec
    CommandSpec spec;

    @Option(names = {"-s", "--src"}, required = true, paramLabel = "TRANSPORT", description = "SOURCE transport: docker, dir, oci or yaml.")
    String src;

    @Option(names = {"-d", "--dest"}, required = true, paramLabel = "TRANSPORT", description = "DESTINATION transport: docker, dir or oci.")
    String dest;

    @Mixin
    SideOptions.Source source;

    @Mixin
    SideOptions.Destination destination;

    @Mixin
    SideOptions.SharedAuthFile authfile;

    @Mixin
    NetworkOptions network;

    @Option(names = "--scoped", description = "Name images at DESTINATION by their full source path (registry included).")
    boolean scoped;

    @Option(names = {"-a", "--all"}, description = "Copy every image of a multi-platform index and keep the index digest.")
    boolean all;

    @Option(names = "--dry-run", description = "Print what would be copied and skipped, with sizes; write nothing.")
    boolean dryRun;

    @Option(names = "--keep-going", description = "Go on past a failed image; exit 1 at the end if any failed.")
    boolean keepGoing;

    @Option(names = "--preserve-digests", description = "Accepted for skopeo compatibility: sync always writes manifests unchanged, so digests are kept.")
    boolean preserveDigests;

    @Option(names = "--append-suffix", paramLabel = "SUFFIX", defaultValue = "", description = "Append SUFFIX to each destination name (after the tag, as skopeo does).")
    String suffix;

    @Option(names = "--parallel", paramLabel = "N", defaultValue = "" + SyncPlan.DEFAULT_PARALLEL,
            description = "Images copied at once (default ${DEFAULT-VALUE}; at most " + SyncPlan.DEFAULT_PER_REGISTRY + " against one registry).")
    int parallel;

    @Option(names = {"-q", "--quiet"}, description = "Print only failures and the summary.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String sourceArg;

    @Parameters(index = "1", paramLabel = "DESTINATION")
    String destinationArg;

    @Override
    public Integer call() throws Exception {
        SyncPlan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        SyncReport report = new SyncRunner(plan, new SyncPrinter(out, quiet, dryRun)).run();
        SyncPrinter.summary(out, report, dryRun, keepGoing);
        out.flush();
        return report.failed() ? 1 : 0;
    }

    private SyncPlan plan() throws java.io.IOException {
        if (!SOURCES.contains(src)) {
            throw new ParameterException(spec.commandLine(), "unknown --src \"" + src + "\": use one of " + String.join(", ", SOURCES));
        }
        if (!DESTINATIONS.contains(dest)) {
            throw new ParameterException(spec.commandLine(), "unknown --dest \"" + dest + "\": use one of " + String.join(", ", DESTINATIONS));
        }
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1, not " + parallel);
        }
        SyncPlan.Builder plan = SyncPlan.to(destination())
                .scoped(scoped).suffix(suffix).all(all).parallel(parallel).dryRun(dryRun).keepGoing(keepGoing);
        switch (src) {
            case "docker" -> plan.source(new SyncSource.Repository(strip(sourceArg, "docker://"), TagSelection.all(), sourceOptions()));
            case "dir" -> plan.source(new SyncSource.DirTree(Path.of(strip(sourceArg, "dir:"))));
            case "oci" -> plan.source(new SyncSource.LayoutBundle(Path.of(strip(sourceArg, "oci:"))));
            default -> plan.sources(SyncYaml.read(Path.of(sourceArg), sourceOptions()));
        }
        return plan.build();
    }

    private SyncDestination destination() {
        return switch (dest) {
            case "docker" -> SyncDestination.registry(strip(destinationArg, "docker://"), network.apply(destination.options()));
            case "dir" -> SyncDestination.dir(strip(destinationArg, "dir:"));
            default -> SyncDestination.oci(strip(destinationArg, "oci:"));
        };
    }

    /** The source flags with --retry-times/--debug; a YAML file's registry entries override credentials and TLS. */
    private dev.skiff.transport.TransportOptions sourceOptions() {
        return network.apply(source.options());
    }

    private static String strip(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }

    /** Prints each image as it finishes, and the summary. */
    private record SyncPrinter(PrintWriter out, boolean quiet, boolean dryRun) implements dev.skiff.sync.SyncListener {
        @Override
        public void planned(int images) {
            if (!quiet) {
                line((dryRun ? "Dry run: " : "") + images + " image" + (images == 1 ? "" : "s") + " to check");
            }
        }

        @Override
        public void finished(SyncOutcome o) {
            String what = o.item().source() + " -> " + o.item().destination();
            switch (o.status()) {
                case COPIED -> {
                    if (!quiet) {
                        line("Copied " + what + " (" + o.digest() + ", " + Sizes.human(o.bytes()) + ", " + seconds(o.elapsed()) + ")");
                    }
                }
                case SKIPPED -> {
                    if (!quiet) {
                        line("Up to date " + what + " (" + o.digest() + ")");
                    }
                }
                case WOULD_COPY -> line("Would copy " + what + " (" + Sizes.human(o.bytes()) + ")");
                case FAILED -> line("Failed " + what + ": " + o.reason());
            }
        }

        private synchronized void line(String text) {
            out.println(text);
            out.flush();
        }

        static void summary(PrintWriter out, SyncReport r, boolean dryRun, boolean keepGoing) {
            int copied = r.with(SyncOutcome.Status.COPIED).size();
            int wouldCopy = r.with(SyncOutcome.Status.WOULD_COPY).size();
            List<SyncOutcome> failed = r.with(SyncOutcome.Status.FAILED);
            StringBuilder b = new StringBuilder(dryRun ? "Dry run, nothing written: " : "Sync done: ");
            if (dryRun) {
                b.append(wouldCopy).append(" would be copied (")
                        .append(Sizes.human(r.with(SyncOutcome.Status.WOULD_COPY).stream().mapToLong(SyncOutcome::bytes).sum())).append(")");
            } else {
                b.append(copied).append(" copied (").append(Sizes.human(r.bytes())).append(")");
            }
            b.append(", ").append(r.with(SyncOutcome.Status.SKIPPED).size()).append(" skipped as up to date, ")
                    .append(failed.size()).append(" failed, in ").append(seconds(r.elapsed()));
            out.println(b);
            for (SyncOutcome f : failed) {
                out.println("  failed: " + f.item().source() + ": " + f.reason());
            }
            if (r.stoppedEarly()) {
                out.println("Stopped at the first failure; images after it were not synced (--keep-going goes on past failures).");
            }
        }

        private static String seconds(java.time.Duration d) {
            return String.format(Locale.ROOT, "%.1f s", d.toMillis() / 1000.0);
        }
    }
}
