package dev.skiff.cli;

import dev.skiff.cli.startup.Preload;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/** The {@code skiff} command and its subcommands; JBang scripts call {@link #exit}. */
@Command(
        name = "skiff",
        mixinStandardHelpOptions = true,
        versionProvider = SkiffVersion.class,
        description = "Moves container images between registries, layouts and archives, verified by digest.")
public final class SkiffCli {
    /**
     * Every subcommand, in the order help lists them. Picocli reads a command's annotations by
     * reflection when it is added, which costs about 30 ms each on a cold JVM; a run adds only the
     * command it runs, so {@code skiff inspect} does not pay for the other ten.
     */
    private static final Map<String, Supplier<Object>> COMMANDS = new LinkedHashMap<>();

    static {
        COMMANDS.put("copy", CopyCommand::new);
        COMMANDS.put("inspect", InspectCommand::new);
        COMMANDS.put("list-tags", ListTagsCommand::new);
        COMMANDS.put("sample-image", SampleImageCommand::new);
        COMMANDS.put("manifest-digest", ManifestDigestCommand::new);
        COMMANDS.put("login", LoginCommand::new);
        COMMANDS.put("logout", LogoutCommand::new);
        COMMANDS.put("catalog", CatalogCommand::new);
        COMMANDS.put("delete", DeleteCommand::new);
        COMMANDS.put("verify", VerifyCommand::new);
        COMMANDS.put("sync", SyncCommand::new);
        COMMANDS.put("generate-sigstore-key", GenerateSigstoreKeyCommand::new);
    }

    /** skopeo's global form, {@code skiff --debug COMMAND}; the commands also take {@code --debug} themselves. */
    /** Read by each command's {@link NetworkOptions} through its parent command, so it travels with this command line. */
    @Option(
            names = "--debug",
            description = "Print each registry request line to stderr (never credentials, tokens or signed URLs).")
    boolean debug;

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
        Preload preload = Preload.start(args);
        CommandLine line = commandLine(commandIn(args));
        preload.finish();
        return line.execute(args);
    }

    /** The names of the subcommands. */
    public static Set<String> commandNames() {
        return COMMANDS.keySet();
    }

    /** The command line with every subcommand (for help, and for usage errors that list them). */
    public static CommandLine commandLine() {
        return commandLine(null);
    }

    private static CommandLine commandLine(String only) {
        CommandLine line = new CommandLine(new SkiffCli()).setExecutionExceptionHandler(new ErrorReporter());
        COMMANDS.forEach((name, command) -> {
            if (only == null || only.equals(name)) {
                line.addSubcommand(name, command.get());
            }
        });
        // Every command answers --version with skiff's own (picocli does not pass it down).
        line.getSubcommands()
                .values()
                .forEach(sub -> sub.getCommandSpec()
                        .versionProvider(line.getCommandSpec().versionProvider()));
        // Subcommands inherit the handler only when added before it is set; set it again for them.
        return line.setExecutionExceptionHandler(new ErrorReporter());
    }

    /** The subcommand a command line names (its first word that is not an option), or null. */
    private static String commandIn(String[] args) {
        for (String arg : args) {
            if (!arg.startsWith("-")) {
                return COMMANDS.containsKey(arg) ? arg : null;
            }
        }
        return null;
    }
}
