package dev.skiff.cli;

import dev.skiff.Hint;
import dev.skiff.Skiff;
import dev.skiff.transport.Deletion;
import dev.skiff.transport.SignatureOptions;
import dev.skiff.transport.TransportOptions;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code delete IMAGE}: a registry manifest (tag resolved to its digest) or an OCI layout tag and the blobs only it used. */
@Command(
        name = "delete",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Delete an image: docker://REPO:TAG or docker://REPO@DIGEST deletes the manifest in the registry",
            "(a tag is resolved to its digest; every tag of that digest goes with it);",
            "oci:PATH:TAG removes the tag and the blobs no other tag uses. Prints nothing unless -v.",
            "A registry image's signatures in the lookaside that registries.d names (a file: URL) go with it, as with skopeo."
        },
        footer = {
            "",
            "Examples:",
            "  skiff delete --tls-verify=false docker://127.0.0.1:5000/team/app:v1",
            "  skiff delete oci:./layout:v1"
        })
final class DeleteCommand implements Callable<Integer>, Advised {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ReachOptions.Single reach;

    @Mixin
    SideOptions.Single side;

    @Mixin
    NetworkOptions network;

    @Option(
            names = {"-v", "--verbose"},
            description = "Say what was deleted.")
    boolean verbose;

    @Option(
            names = "--registries.d",
            paramLabel = "DIR",
            description =
                    "Directory of registries.d files saying where the image's signatures live, to delete them with it (default: $HOME/.config/containers/registries.d, else /etc/containers/registries.d).")
    Path registriesD;

    @Parameters(
            index = "0",
            paramLabel = "IMAGE",
            description = "The image to delete: docker://HOST/REPO:TAG or @DIGEST, or oci:PATH:TAG.")
    String image;

    @Override
    public Advice advice() {
        return (hint, side, subject) -> hint == Hint.LOOKASIDE_READ_ONLY
                ? "set lookaside-staging to a file: URL in a registries.d directory named with --registries.d"
                : RegistryFlags.SINGLE.adviseWithRetries(hint, subject);
    }

    @Override
    public Integer call() throws Exception {
        TransportOptions options = reach.apply(network.apply(side.options()));
        // skiff --registries.d DIR delete …: skopeo's global form, given before the command
        Path dir = registriesD != null ? registriesD : GlobalOptions.value(spec, "--registries.d");
        SignatureOptions signatures =
                SignatureOptions.defaults().withRegistriesD(dir).withDebug(options.debug());
        Deletion deleted = Skiff.delete(image, options, signatures);
        if (verbose) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Deleted " + image + " (" + deleted.manifest() + ")"
                    + (deleted.blobsRemoved().isEmpty()
                            ? ""
                            : ", " + deleted.blobsRemoved().size() + " blobs removed")
                    + (deleted.signaturesRemoved() == 0
                            ? ""
                            : ", " + deleted.signaturesRemoved() + " signature"
                                    + (deleted.signaturesRemoved() == 1 ? "" : "s") + " removed"));
            out.flush();
        }
        return 0;
    }
}
