package dev.skiff.cli;

import dev.skiff.cli.progress.ProgressOptions;
import dev.skiff.sync.ArchiveFormat;
import dev.skiff.sync.SyncDestination;
import dev.skiff.sync.SyncLog;
import dev.skiff.sync.SyncPlan;
import dev.skiff.sync.SyncReport;
import dev.skiff.sync.SyncRunner;
import dev.skiff.sync.SyncSource;
import dev.skiff.sync.SyncYaml;
import dev.skiff.sync.TagSelection;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code sync --src … --dest … SOURCE DESTINATION}: skopeo's sync, deciding "up to date" by HEAD. */
@Command(
        name = "sync",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Copy every image of SOURCE to DESTINATION, skipping images whose manifest digest is already there.",
            "SOURCE (--src): docker REPO[:TAG] | dir DIR | oci LAYOUT | yaml FILE (skopeo's sync file) | oci-archive FILE | docker-archive FILE.",
            "DESTINATION (--dest): docker HOST[/PATH] | dir DIR (one folder per image) | oci LAYOUT (every image in one layout, blobs once)",
            "  | oci-archive FILE (a tar of such a layout) | docker-archive FILE (a new docker save tar of every image);",
            "  an archive is renamed into place only when every image arrived.",
            "Names follow skopeo: DEST/<last path element>:TAG, or the full source path with --scoped;",
            "in an OCI layout each image is tagged REPOSITORY:TAG (with --scoped HOST/REPOSITORY:TAG).",
            "containers-storage (either side): Podman's local store, STORE = containers-storage: (the default store)",
            "  or [driver@graphroot+runroot]; images keep their full names (docker.io/library/busybox:latest)."
        },
        footer = {
            "",
            "Examples:",
            "  skiff sync --src docker --dest docker registry.example.com/team/app mirror.internal:5000/team",
            "  skiff sync --src yaml --dest oci --scoped images.yaml ./bundle        # air-gap export",
            "  skiff sync --src oci --dest docker ./bundle registry.site.local        # air-gap import",
            "  skiff sync --src yaml --dest oci --delta-from have.json images.yaml ./delta   # only blobs the site lacks",
            "  skiff sync --src oci --dest containers-storage ./bundle containers-storage:   # into Podman's store"
        })
final class SyncCommand implements Callable<Integer>, Advised {
    private static final List<String> SOURCES =
            List.of("docker", "dir", "oci", "yaml", "oci-archive", "docker-archive", "containers-storage");
    private static final List<String> DESTINATIONS =
            List.of("docker", "dir", "oci", "oci-archive", "docker-archive", "containers-storage");

    @Spec
    CommandSpec spec;

    @Option(
            names = {"-s", "--src"},
            required = true,
            paramLabel = "TRANSPORT",
            description =
                    "SOURCE transport: docker, dir, oci, yaml, oci-archive, docker-archive or containers-storage.")
    String src;

    @Option(
            names = {"-d", "--dest"},
            required = true,
            paramLabel = "TRANSPORT",
            description = "DESTINATION transport: docker, dir, oci, oci-archive, docker-archive or containers-storage.")
    String dest;

    @Mixin
    SideOptions.Source source;

    @Mixin
    SideOptions.Destination destination;

    @Mixin
    SideOptions.SharedAuthFile authfile;

    @Mixin
    NetworkOptions network;

    @Mixin
    EncryptionOptions encryption;

    @Mixin
    ReachOptions.Tokens tokens;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "oci|v2s2",
            description = "Write manifests in this format (converting them; digests change).")
    String format;

    @Mixin
    TrustFlags trustFlags;

    @Mixin
    SigningOptions signing;

    @Mixin
    ReferrerFlags referrerFlags;

    @Mixin
    DeltaFlags delta;

    @Mixin
    ShardOptions shards;

    @Option(
            names = "--scoped",
            description = "Name images at DESTINATION by their full source path (registry included).")
    boolean scoped;

    @Option(
            names = {"-a", "--all"},
            description = "Copy every image of a multi-platform index and keep the index digest.")
    boolean all;

    @Option(names = "--dry-run", description = "Print what would be copied and skipped, with sizes; write nothing.")
    boolean dryRun;

    @Option(names = "--keep-going", description = "Go on past a failed image; exit 1 at the end if any failed.")
    boolean keepGoing;

    @Option(
            names = "--preserve-digests",
            description =
                    "Accepted for skopeo compatibility: sync always writes manifests unchanged, so digests are kept.")
    boolean preserveDigests;

    @Option(
            names = "--append-suffix",
            paramLabel = "SUFFIX",
            defaultValue = "",
            description = "Append SUFFIX to each destination name (after the tag, as skopeo does).")
    String suffix;

    @Option(
            names = "--parallel",
            paramLabel = "N",
            defaultValue = "" + SyncPlan.DEFAULT_PARALLEL,
            description = "Images copied at once (default ${DEFAULT-VALUE}; at most " + SyncPlan.DEFAULT_PER_REGISTRY
                    + " against one registry).")
    int parallel;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print only failures and the summary.")
    boolean quiet;

    @Mixin
    ProgressOptions progressOptions;

    @Parameters(
            index = "0",
            paramLabel = "SOURCE",
            description = "What to mirror, per --src: a repository (HOST/REPO), a YAML file, a directory or a layout.")
    String sourceArg;

    @Parameters(
            index = "1",
            paramLabel = "DESTINATION",
            description = "Where, per --dest: a registry path (HOST[/PATH]), a directory, a layout or an archive.")
    String destinationArg;

    @Override
    public Integer call() throws Exception {
        SyncPlan plan = plan();
        PrintWriter out = spec.commandLine().getOut();
        SyncReport report;
        dev.skiff.sync.SyncListener progress =
                progressOptions.sync(out, spec.commandLine().getErr(), quiet, dryRun);
        dev.skiff.sync.ReferrerTally tally = new dev.skiff.sync.ReferrerTally(progress);
        try {
            report = new SyncRunner(plan, tally).run();
        } finally {
            ProgressOptions.end(progress);
        }
        shards.summary(out, report, dryRun, progressOptions.json, () -> {
            SyncLog.summary(out, report, dryRun, "--keep-going goes on past failures");
            tally.summary(out, plan);
        });
        out.flush();
        ErrorReporter.adviseFailures(
                spec.commandLine().getErr(),
                report.with(dev.skiff.sync.SyncOutcome.Status.FAILED).stream()
                        .map(dev.skiff.sync.SyncOutcome::error)
                        .toList(),
                advice());
        return report.failed() ? 1 : 0;
    }

    @Override
    public Advice advice() {
        return (hint, side, subject) -> TrustAdvice.advise(hint, subject) != null
                ? TrustAdvice.advise(hint, subject)
                : switch (hint) {
                    case PLATFORM_MISSING, PLATFORM_CHOICE -> "pass --all to sync every platform";
                    case SINGLE_IMAGE_ONLY -> "sync one platform (without --all)";
                    case REFERRERS_UNSUPPORTED -> ReferrerFlags.ADVICE.replace("copy without", "sync without");
                    case DECRYPTION_KEY_NEEDED -> EncryptionOptions.DECRYPTION_ADVICE;
                    case DELTA_BASE_MISSING -> DeltaFlags.advice(subject);
                    default ->
                        Reach.flags(side, subject, sourceReach(), destinationReach())
                                .adviseWithRetries(hint, subject);
                };
    }

    /** The registry SOURCE reaches: docker's repository; a YAML file's own registries (not known here); none for the rest. */
    private Reach sourceReach() {
        return "docker".equals(src) && sourceArg != null
                ? Reach.ofImage(strip(sourceArg, "docker://"))
                : "yaml".equals(src) ? Reach.ANY : Reach.NONE;
    }

    private Reach destinationReach() {
        return "docker".equals(dest) && destinationArg != null
                ? Reach.ofRegistryPath(strip(destinationArg, "docker://"))
                : Reach.NONE;
    }

    private SyncPlan plan() throws java.io.IOException {
        if (!SOURCES.contains(src)) {
            throw new ParameterException(
                    spec.commandLine(), "unknown --src \"" + src + "\": use one of " + String.join(", ", SOURCES));
        }
        if (!DESTINATIONS.contains(dest)) {
            throw new ParameterException(
                    spec.commandLine(),
                    "unknown --dest \"" + dest + "\": use one of " + String.join(", ", DESTINATIONS));
        }
        if (parallel < 1) {
            throw new ParameterException(spec.commandLine(), "--parallel must be at least 1, not " + parallel);
        }
        SyncPlan.Builder plan = SyncPlan.to(destination())
                .scoped(scoped)
                .suffix(suffix)
                .all(all)
                .parallel(parallel)
                .dryRun(dryRun)
                .keepGoing(keepGoing)
                .crypto(encryption.crypto(spec.commandLine()));
        if (format != null) {
            try {
                plan.format(dev.skiff.model.ManifestFormat.parse(format));
            } catch (IllegalArgumentException e) {
                throw new ParameterException(spec.commandLine(), e.getMessage());
            }
        }
        switch (src) {
            case "docker" ->
                plan.source(
                        new SyncSource.Repository(strip(sourceArg, "docker://"), TagSelection.all(), sourceOptions()));
            case "dir" -> plan.source(new SyncSource.DirTree(Path.of(strip(sourceArg, "dir:"))));
            case "oci" -> plan.source(new SyncSource.LayoutBundle(Path.of(strip(sourceArg, "oci:"))));
            case "oci-archive" ->
                plan.source(new SyncSource.Archive(Path.of(strip(sourceArg, "oci-archive:")), ArchiveFormat.OCI));
            case "docker-archive" ->
                plan.source(new SyncSource.Archive(Path.of(strip(sourceArg, "docker-archive:")), ArchiveFormat.DOCKER));
            case "containers-storage" ->
                plan.source(new SyncSource.Store(
                        "containers-storage", strip(sourceArg, "containers-storage:"), sourceOptions()));
            default -> plan.sources(SyncYaml.read(Path.of(sourceArg), sourceOptions()));
        }
        return shards.apply(plan.build()
                .withTrust(signing.trust(trustFlags))
                .withReferrers(referrerFlags.options())
                .withDeltaFrom(delta.deltaFrom(spec.commandLine(), dest)));
    }

    private SyncDestination destination() {
        return switch (dest) {
            case "docker" ->
                SyncDestination.registry(
                        strip(destinationArg, "docker://"), tokens.destination(network.apply(destination.options())));
            case "dir" -> SyncDestination.dir(strip(destinationArg, "dir:"));
            case "oci-archive" -> SyncDestination.ociArchive(strip(destinationArg, "oci-archive:"));
            case "docker-archive" -> SyncDestination.dockerArchive(strip(destinationArg, "docker-archive:"));
            case "containers-storage" ->
                SyncDestination.store(
                        "containers-storage:" + strip(destinationArg, "containers-storage:"),
                        network.apply(destination.options()));
            default -> SyncDestination.oci(strip(destinationArg, "oci:"));
        };
    }

    /** The source flags with --retry-times/--debug; a YAML file's registry entries override credentials and TLS. */
    private dev.skiff.transport.TransportOptions sourceOptions() {
        return tokens.source(network.apply(source.options()));
    }

    private static String strip(String text, String prefix) {
        return text.startsWith(prefix) ? text.substring(prefix.length()) : text;
    }
}
