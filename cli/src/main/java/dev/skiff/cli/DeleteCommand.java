package dev.skiff.cli;

import dev.skiff.Skiff;
import dev.skiff.transport.Deletion;
import java.io.PrintWriter;
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
            "oci:PATH:TAG removes the tag and the blobs no other tag uses. Prints nothing unless -v."
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

    @Parameters(
            index = "0",
            paramLabel = "IMAGE",
            description = "The image to delete: docker://HOST/REPO:TAG or @DIGEST, or oci:PATH:TAG.")
    String image;

    @Override
    public Advice advice() {
        return (hint, side, subject) -> RegistryFlags.SINGLE.adviseWithRetries(hint, subject);
    }

    @Override
    public Integer call() throws Exception {
        Deletion deleted = Skiff.delete(image, reach.apply(network.apply(side.options())));
        if (verbose) {
            PrintWriter out = spec.commandLine().getOut();
            out.println("Deleted " + image + " (" + deleted.manifest() + ")"
                    + (deleted.blobsRemoved().isEmpty()
                            ? ""
                            : ", " + deleted.blobsRemoved().size() + " blobs removed"));
            out.flush();
        }
        return 0;
    }
}
