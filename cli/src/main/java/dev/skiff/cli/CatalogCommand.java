package dev.skiff.cli;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.Skiff;
import dev.skiff.io.GoJson;
import dev.skiff.model.Json;
import java.io.PrintWriter;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Mixin;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code catalog REGISTRY}: the registry's repositories ({@code /v2/_catalog}), one per line, every page followed. */
@Command(
        name = "catalog",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "List the repositories of a registry (/v2/_catalog), one per line; every page is followed.",
            "REGISTRY is HOST[:PORT] or docker://HOST[:PORT]."
        },
        footer = {
            "",
            "Examples:",
            "  skiff catalog --tls-verify=false 127.0.0.1:5000",
            "  skiff catalog --json --creds bob:secret docker://registry.example.com"
        })
final class CatalogCommand implements Callable<Integer>, Advised {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Mixin
    SideOptions.Single side;

    @Mixin
    NetworkOptions network;

    @Option(names = "--json", description = "Print a JSON list instead of one repository per line.")
    boolean json;

    @Option(
            names = "--page-size",
            paramLabel = "N",
            description = "Ask for N repositories per request (default: the registry's).")
    int pageSize;

    @Parameters(index = "0", paramLabel = "REGISTRY", description = "The registry (HOST[:PORT]).")
    String registry;

    @Override
    public Advice advice() {
        return (hint, side, subject) -> RegistryFlags.SINGLE.adviseWithRetries(hint, subject);
    }

    @Override
    public Integer call() {
        List<String> repositories = Skiff.catalog(registry, network.apply(side.options()), pageSize);
        PrintWriter out = spec.commandLine().getOut();
        if (json) {
            ArrayNode list = Json.array();
            repositories.forEach(list::add);
            out.println(GoJson.marshalIndent(list));
        } else {
            repositories.forEach(out::println);
        }
        out.flush();
        return 0;
    }
}
