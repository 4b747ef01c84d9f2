package dev.skiff.cli;

import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code skiff} command and its subcommands; JBang scripts call {@link #exit}. */
@Command(name = "skiff", mixinStandardHelpOptions = true, version = "skiff 0.1.0",
        description = "Moves container images between registries, layouts and archives, verified by digest.",
        subcommands = {CopyCommand.class, InspectCommand.class, ListTagsCommand.class, SampleImageCommand.class,
                ManifestDigestCommand.class, LoginCommand.class, LogoutCommand.class, CatalogCommand.class,
                DeleteCommand.class, VerifyCommand.class, SyncCommand.class})
public final class SkiffCli {
    /** skopeo's global form, {@code skiff --debug COMMAND}; the commands also take {@code --debug} themselves. */
    @Option(names = "--debug", description = "Print each registry request line to stderr (never credentials, tokens or signed URLs).")
    void debug(boolean on) {
        NetworkOptions.debugAll = on;
    }

    public static void main(String[] args) {
        System.exit(run(args));
    }

    /** Runs {@code skiff COMMAND ARGS…} and exits the JVM with its exit code (0 done, 1 failed, 2 bad usage). */
    public static void exit(String command, String... args) {
        String[] all = new String[args.length + 1];
        all[0] = command;
        System.arraycopy(args, 0, all, 1, args.length);
        System.exit(run(all));
    }

    public static int run(String... args) {
        return new CommandLine(new SkiffCli())
                .setExecutionExceptionHandler(new ErrorReporter())
                .execute(args);
    }
}
