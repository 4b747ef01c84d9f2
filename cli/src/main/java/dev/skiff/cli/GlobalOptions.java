package dev.skiff.cli;

import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;

/**
 * skopeo's global flags, taken before the command ({@code skiff --override-arch arm64 inspect …})
 * and, as skopeo's persistent flags, after it too: a command that has no flag of that name gets
 * this one added (see {@link SkiffCli}). A command reads a global value with {@link #value}: its
 * own, else the one given before the command. {@code --policy}, {@code --insecure-policy} and
 * {@code --registries.d} belong to the trust options, not here.
 */
final class GlobalOptions {
    @Option(
            names = "--tmpdir",
            paramLabel = "DIR",
            description = "Directory for temporary files (spooled layers, archives being written).")
    Path tmpdir;

    @Option(
            names = "--command-timeout",
            paramLabel = "DURATION",
            converter = NetworkOptions.DurationConverter.class,
            description = "Stop the command with an error after DURATION (e.g. 30s, 5m).")
    Duration commandTimeout;

    @Option(
            names = "--override-arch",
            paramLabel = "ARCH",
            description = "Use the image for ARCH instead of this machine's (amd64, arm64, arm…).")
    String arch;

    @Option(
            names = "--override-os",
            paramLabel = "OS",
            description = "Use the image for OS instead of this machine's (linux).")
    String os;

    @Option(
            names = "--override-variant",
            paramLabel = "VARIANT",
            description = "Use the image for VARIANT of the architecture (v8, v7…).")
    String variant;

    /** The names of the flags this class declares (what a command may be given after its name). */
    static final java.util.List<String> NAMES = java.util.List.of(
            "--tmpdir", "--command-timeout", "--override-arch", "--override-os", "--override-variant");

    /**
     * The value of global flag {@code name} for {@code command}: given after the command name,
     * else before it (the root command's), else null.
     */
    static <T> T value(CommandSpec command, String name) {
        for (CommandSpec c = command; c != null; c = c.parent()) {
            OptionSpec o = c.findOption(name);
            if (o != null && o.getValue() != null && !Boolean.FALSE.equals(o.getValue())) {
                return o.getValue();
            }
        }
        return null;
    }

    /** Whether {@code --tmpdir} names a directory that exists (skopeo fails on it later, less clearly). */
    static String tmpdirProblem(Path dir) {
        if (dir == null || Files.isDirectory(dir)) {
            return null;
        }
        return "--tmpdir " + dir + " is not a directory that exists";
    }
}
