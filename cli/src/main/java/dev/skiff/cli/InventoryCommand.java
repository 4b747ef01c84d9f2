package dev.skiff.cli;

import dev.skiff.delta.Inventory;
import dev.skiff.delta.InventoryTaker;
import dev.skiff.io.AtomicFiles;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code inventory PLACE…}: what a site already holds (manifest digests per repository and tag,
 * blob digests), as a small JSON file to carry out; {@code sync --delta-from} makes a bundle
 * against it that leaves those blobs out.
 */
@Command(
        name = "inventory",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Write a JSON inventory of what PLACEs hold: manifest digests per repository and tag, and blob digests.",
            "PLACE: docker://HOST (every repository of its catalog), docker://HOST/REPO (every tag),",
            "oci:DIR, oci-archive:FILE or dir:DIR (a tree as sync --dest dir writes it). Layers are never read.",
            "Carry the file out; sync --dest oci --delta-from FILE writes a bundle without the blobs it lists."
        },
        footer = {
            "",
            "Examples:",
            "  skiff inventory --tls-verify=false -o have.json docker://127.0.0.1:5000",
            "  skiff inventory oci:./last-bundle dir:./mirror > have.json"
        })
final class InventoryCommand implements Callable<Integer>, Advised {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    ReachOptions.Single reach;

    @Mixin
    SideOptions.Single side;

    @Mixin
    NetworkOptions network;

    @Option(
            names = {"-o", "--output"},
            paramLabel = "FILE",
            description = "Write the inventory to FILE (atomically) instead of standard output.")
    Path output;

    @Parameters(index = "0..*", arity = "1..*", paramLabel = "PLACE", description = "What to take stock of.")
    List<String> places;

    @Override
    public Advice advice() {
        return (hint, side, subject) -> RegistryFlags.SINGLE.adviseWithRetries(hint, subject);
    }

    @Override
    public Integer call() throws Exception {
        Inventory inventory = InventoryTaker.take(places, reach.apply(network.apply(side.options())));
        byte[] json = inventory.toJson();
        if (output != null) {
            AtomicFiles.write(output, json);
            PrintWriter err = spec.commandLine().getErr();
            err.println("Wrote " + output + ": " + inventory.repositories().size() + " repositories, "
                    + inventory.manifests().size() + " manifests, "
                    + inventory.blobs().size() + " blobs");
            err.flush();
        } else {
            PrintWriter out = spec.commandLine().getOut();
            out.print(new String(json, StandardCharsets.UTF_8));
            out.flush();
        }
        return 0;
    }
}
