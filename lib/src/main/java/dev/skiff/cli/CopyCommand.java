package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.copy.CopyListener;
import dev.skiff.copy.CopyOptions;
import dev.skiff.copy.CopyResult;
import dev.skiff.model.Platform;
import java.io.PrintWriter;
import java.util.Locale;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code copy SOURCE DESTINATION}, with skopeo's flags. */
@Command(name = "copy", mixinStandardHelpOptions = true, sortOptions = false,
        description = {"Copy an image (or, with --all, a whole multi-platform index) from SOURCE to DESTINATION.",
                "Every blob is verified by digest; blobs the destination has are skipped.",
                "References: docker://HOST/REPO:TAG, oci:PATH[:TAG], oci-archive:PATH[:TAG], dir:PATH."},
        footer = {"", "Example:", "  skiff copy --dest-tls-verify=false oci:./layout:v1 docker://127.0.0.1:5000/team/app:v1"})
final class CopyCommand implements Callable<Integer> {
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

    @Option(names = {"-a", "--all"}, description = "Copy every image of a multi-platform index and keep the index digest.")
    boolean all;

    @Option(names = {"-q", "--quiet"}, description = "Print nothing but errors.")
    boolean quiet;

    @Parameters(index = "0", paramLabel = "SOURCE")
    String sourceRef;

    @Parameters(index = "1", paramLabel = "DESTINATION")
    String destinationRef;

    @Override
    public Integer call() throws Exception {
        PrintWriter out = spec.commandLine().getOut();
        CopyProgress progress = quiet ? null : new CopyProgress(out, System.console() != null);
        CopyListener listener = progress == null ? CopyListener.NONE : progress;
        CopyOptions options = new CopyOptions(all, Platform.current(), CopyOptions.DEFAULT_PARALLELISM);
        CopyResult result = Skiff.copy(sourceRef, destinationRef, options, network.apply(source.options()), network.apply(destination.options()), listener);
        if (!quiet) {
            progress.finishBlobs();
            out.println(summary(result));
            out.flush();
        }
        return 0;
    }

    private String summary(CopyResult r) {
        StringBuilder b = new StringBuilder("Copied ").append(sourceRef).append(" to ").append(destinationRef)
                .append(": ").append(r.digest());
        if (r.chosenPlatform() != null) {
            b.append(" (").append(r.chosenPlatform()).append(" from a multi-platform index; --all copies every platform)");
        }
        b.append(", ").append(r.copied()).append(" blobs copied (").append(Sizes.human(r.bytes())).append("), ")
                .append(r.skipped()).append(" already present");
        if (r.mounted() > 0) {
            b.append(", ").append(r.mounted()).append(" mounted");
        }
        b.append(String.format(Locale.ROOT, ", in %.1f s", r.elapsed().toMillis() / 1000.0));
        return b.toString();
    }
}
