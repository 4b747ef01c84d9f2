package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.cli.progress.CopyJson;
import dev.skiff.cli.progress.ProgressOptions;
import dev.skiff.copy.CopyOptions;
import dev.skiff.copy.CopyResult;
import dev.skiff.io.Sizes;
import dev.skiff.model.Platform;
import java.io.PrintWriter;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code copy SOURCE DESTINATION}, with skopeo's flags. */
@Command(
        name = "copy",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Copy an image (or, with --all, a whole multi-platform index) from SOURCE to DESTINATION.",
            "Every blob is verified by digest; blobs the destination has are skipped.",
            "References: docker://HOST/REPO:TAG, oci:PATH[:TAG], oci-archive:PATH[:TAG], dir:PATH,",
            "docker-archive:PATH[:NAME:TAG|:@N], docker-daemon:NAME:TAG."
        },
        footer = {
            "",
            "Example:",
            "  skiff copy --dest-tls-verify=false oci:./layout:v1 docker://127.0.0.1:5000/team/app:v1"
        })
final class CopyCommand implements Callable<Integer>, Advised {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SideOptions.Source source;

    @Mixin
    SideOptions.Destination destination;

    @Mixin
    SideOptions.SharedAuthFile authfile;

    @Mixin
    NetworkOptions network;

    @Mixin
    ReachOptions.Source sourceReach;

    @Mixin
    ReachOptions.Destination destinationReach;

    @Mixin
    CopyOutputOptions output;

    @Mixin
    TrustFlags trustFlags;

    @Mixin
    SigningOptions signing;

    @Mixin
    ReferrerFlags referrerFlags;

    @Option(
            names = {"-a", "--all"},
            description = "Copy every image of a multi-platform index and keep the index digest.")
    boolean all;

    @Option(
            names = {"-q", "--quiet"},
            description = "Print nothing but errors.")
    boolean quiet;

    @Mixin
    PlatformOptions platformOptions;

    @Mixin
    ProgressOptions progressOptions;

    @Mixin
    EncryptionOptions encryption;

    @Option(
            names = "--multi-arch",
            paramLabel = "system|all|index-only",
            description =
                    "For a multi-platform index: this machine's image (system, the default), every image (all, as --all), or the index alone (index-only).")
    String multiArch;

    @Option(
            names = "--platform",
            split = ",",
            paramLabel = "OS/ARCH[/VARIANT]",
            description =
                    "Copy just these images of an index into a new index (its digest changes); attestations of kept images come along.")
    java.util.List<String> platforms;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "oci|v2s2",
            description = "Write manifests in this format (converting them; digests change).")
    String format;

    @Option(
            names = "--preserve-digests",
            description = "Fail, before writing anything, if the copy would change any digest.")
    boolean preserveDigests;

    @Parameters(
            index = "0",
            paramLabel = "SOURCE",
            description = "The image to copy: TRANSPORT:REFERENCE, e.g. docker://HOST/REPO:TAG or oci:PATH:TAG.")
    String sourceRef;

    @Parameters(index = "1", paramLabel = "DESTINATION", description = "Where to copy it: TRANSPORT:REFERENCE.")
    String destinationRef;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CopyOptions options = copyOptions();
        dev.skiff.transport.TransportOptions destinationOptions =
                output.destination(destinationReach.apply(network.apply(destination.options())));
        if (quiet) {
            destinationOptions =
                    destinationOptions.withNotices(line -> {}); // "nothing but errors": not even a lock waited for
        }
        CopyResult result;
        try (ProgressOptions.Copy progress =
                progressOptions.copy(out, spec.commandLine().getErr(), quiet)) {
            result = Skiff.copy(
                    sourceRef,
                    destinationRef,
                    options,
                    sourceReach.apply(network.apply(source.options())),
                    destinationOptions,
                    progress.listener());
        }
        output.writeDigest(result.digest().toString());
        if (progressOptions.json) {
            out.println(CopyJson.result(result, sourceRef, destinationRef));
            out.flush();
        } else if (!quiet) {
            out.println(summary(result));
            out.flush();
        }
        return 0;
    }

    @Override
    public Advice advice() {
        return (hint, side, subject) -> TrustAdvice.advise(hint, subject) != null
                ? TrustAdvice.advise(hint, subject)
                : switch (hint) {
                    case PLATFORM_MISSING, PLATFORM_CHOICE ->
                        "pass --all to copy every platform, or %s to choose one".formatted(OVERRIDES);
                    case PLATFORM_FILTER_UNMATCHED ->
                        subject == null
                                ? "name only platforms it has in --platform"
                                : "change --platform " + subject + " to platforms it has";
                    case PLATFORM_FILTER_ON_IMAGE -> "copy it without --platform";
                    case DIGEST_CHANGE_NEEDS_CONVERSION ->
                        "drop --preserve-digests to accept a new digest, or copy to a destination that holds the image as it is";
                    case FORMAT_UNSUPPORTED ->
                        "copy with --format " + (subject == null ? "oci" : subject) + ", or to another destination";
                    case DECRYPTION_KEY_NEEDED -> EncryptionOptions.DECRYPTION_ADVICE;
                    case DELTA_BASE_MISSING ->
                        "copy it into the registry its inventory (" + subject
                                + ") was taken from (--dest-creds, --dest-tls-verify reach it), or from a full bundle";
                    case SINGLE_IMAGE_ONLY ->
                        "copy one platform, without --all or --platform (%s choose which)".formatted(OVERRIDES);
                    case REFERRERS_UNSUPPORTED -> ReferrerFlags.ADVICE;
                    default ->
                        Reach.flags(side, subject, Reach.ofReference(sourceRef), Reach.ofReference(destinationRef))
                                .adviseWithRetries(hint, subject);
                };
    }

    static final String OVERRIDES = "--override-os/--override-arch/--override-variant";

    private CopyOptions copyOptions() {
        String mode = multiArch == null ? (all ? "all" : "system") : multiArch;
        if (all && !mode.equals("all")) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "--all and --multi-arch " + multiArch + " contradict each other; pass one");
        }
        if (!java.util.List.of("system", "all", "index-only").contains(mode)) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "invalid --multi-arch \"" + multiArch + "\": use system, all or index-only");
        }
        CopyOptions options = new CopyOptions(
                        mode.equals("all"), platformOptions.platform(), CopyOptions.DEFAULT_PARALLELISM)
                .withIndexOnly(mode.equals("index-only"))
                .withPreserveDigests(preserveDigests)
                .withCompression(output.compression())
                .withTrust(signing.trust(trustFlags))
                .withReferrers(referrerFlags.options());
        options = options.withCrypto(encryption.crypto(spec.commandLine()));
        try {
            if (format != null) {
                options = options.withFormat(dev.skiff.model.ManifestFormat.parse(format));
            }
            if (platforms != null) {
                options = options.withPlatforms(
                        platforms.stream().map(Platform::parse).toList());
            }
        } catch (IllegalArgumentException e) {
            throw new picocli.CommandLine.ParameterException(spec.commandLine(), e.getMessage());
        }
        return options;
    }

    private String summary(CopyResult r) {
        StringBuilder b = new StringBuilder("Copied ")
                .append(sourceRef)
                .append(" to ")
                .append(destinationRef)
                .append(": ")
                .append(r.digest());
        if (r.chosenPlatform() != null) {
            b.append(" (")
                    .append(r.chosenPlatform())
                    .append(" from a multi-platform index; --all copies every platform)");
        }
        if (!r.changes().isEmpty()) {
            b.append(" (the source's digest was ")
                    .append(r.sourceDigest())
                    .append("; it changed because: ")
                    .append(String.join("; ", r.changes()))
                    .append(")");
        }
        b.append(", ")
                .append(r.copied())
                .append(" blobs copied (")
                .append(Sizes.human(r.bytes()))
                .append("), ")
                .append(r.skipped())
                .append(" already present");
        if (r.mounted() > 0) {
            b.append(", ").append(r.mounted()).append(" mounted");
        }
        if (referrerFlags.options().enabled()) {
            b.append(", ").append(r.referrers()).append(" referrers copied");
        }
        b.append(", in ").append(Sizes.seconds(r.elapsed()));
        return b.toString();
    }
}
