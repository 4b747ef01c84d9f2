package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.inspect.GoTemplate;
import dev.skiff.inspect.ImageInspection;
import dev.skiff.io.GoJson;
import dev.skiff.model.OciConfigJson;
import java.io.PrintStream;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code inspect IMAGE}: skopeo's JSON, the raw manifest, or the config, without pulling layers. */
@Command(
        name = "inspect",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Show an image's digest, platform, layers, labels and environment without pulling it.",
            "For a multi-platform index, Digest is the index's and the rest describes this machine's image."
        },
        footer = {
            "",
            "Examples:",
            "  skiff inspect --tls-verify=false docker://127.0.0.1:5000/team/app:v1",
            "  skiff inspect --raw oci:./out:v1",
            "  skiff inspect --format 'Name: {{.Name}} Digest: {{.Digest}}' docker://127.0.0.1:5000/team/app:v1"
        })
final class InspectCommand implements Callable<Integer>, Advised {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ReachOptions.Single reach;

    @Mixin
    SideOptions.Single side;

    @Mixin
    PlatformOptions platformOptions;

    @Mixin
    NetworkOptions network;

    /** Accepted as skopeo accepts them on every command (the policy applies where images are copied). */
    @Mixin
    TrustFlags trustFlags;

    @Option(names = "--raw", description = "Print the manifest (or index) exactly as stored.")
    boolean raw;

    @Option(names = "--config", description = "Print the image's config instead (with --raw, its exact bytes).")
    boolean config;

    @Option(
            names = {"-f", "--format"},
            paramLabel = "TEMPLATE",
            description = "Format the output with a Go template, e.g. '{{.Digest}}'.")
    String format;

    @Option(
            names = {"-n", "--no-tags"},
            description = "Do not list the repository's tags in RepoTags.")
    boolean noTags;

    @Parameters(
            index = "0",
            paramLabel = "IMAGE",
            description = "The image: TRANSPORT:REFERENCE, e.g. docker://HOST/REPO:TAG or oci:PATH:TAG.")
    String image;

    @Override
    public Advice advice() {
        return (hint, side, subject) -> switch (hint) {
            case PLATFORM_MISSING, PLATFORM_CHOICE ->
                "choose one with " + CopyCommand.OVERRIDES + ", or inspect the index with --raw";
            case TEMPLATE_INVALID -> "correct the template given to --format";
            case NO_CONFIG -> "inspect it without --config";
            default -> RegistryFlags.SINGLE.adviseWithRetries(hint, subject);
        };
    }

    @Override
    public Integer call() throws Exception {
        GoTemplate template = format == null ? null : new GoTemplate(format);
        PrintStream out = System.out;
        if (config) {
            byte[] bytes =
                    Skiff.rawConfig(image, reach.apply(network.apply(side.options())), platformOptions.platform());
            if (raw) {
                out.write(bytes);
            } else {
                out.println(GoJson.marshalIndent(OciConfigJson.of(bytes)));
            }
        } else if (raw) {
            out.write(Skiff.rawManifest(image, reach.apply(network.apply(side.options()))));
        } else {
            ImageInspection inspection = Skiff.inspect(
                    image, reach.apply(network.apply(side.options())), platformOptions.platform(), !noTags);
            out.println(
                    template == null
                            ? GoJson.marshalIndent(inspection.toJson())
                            : template.render(inspection.toJson()));
        }
        out.flush();
        return 0;
    }
}
