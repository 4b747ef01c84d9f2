package dev.skiff.cli;

import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * {@code --emit-registries-conf FILE} and {@code --emit-hosts-toml DIR}: after a plan ran, write the
 * configuration clients need to pull its sources through its mirror (containers-registries.conf(5)
 * for podman, buildah, CRI-O; containerd's hosts.toml). Each overrides the plan's own {@code emit}.
 */
public final class EmitOptions {
    @Option(
            names = "--emit-registries-conf",
            paramLabel = "FILE",
            description = "Write a containers-registries.conf(5) v2 file mapping the plan's sources to its mirror.")
    Path registriesConf;

    @Option(
            names = "--emit-hosts-toml",
            paramLabel = "DIR",
            description = "Write containerd hosts.toml files (DIR/<source host>/hosts.toml) pointing at the mirror.")
    Path hostsToml;

    /** The flag's file, else {@code fromPlan} (a path the plan gave, relative to the working directory), else null. */
    public Path registriesConf(String fromPlan) {
        return registriesConf != null ? registriesConf : fromPlan == null ? null : Path.of(fromPlan);
    }

    public Path hostsToml(String fromPlan) {
        return hostsToml != null ? hostsToml : fromPlan == null ? null : Path.of(fromPlan);
    }
}
