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
        COMMANDS.put("standalone-sign", StandaloneSignCommand::new);
        COMMANDS.put("standalone-verify", StandaloneVerifyCommand::new);
        COMMANDS.put("generate-sigstore-key", GenerateSigstoreKeyCommand::new);
        COMMANDS.put("inventory", InventoryCommand::new);
    }

    /** skopeo's global form, {@code skiff --debug COMMAND}; the commands also take {@code --debug} themselves. */
    /** Read by each command's {@link NetworkOptions} through its parent command, so it travels with this command line. */
    @Option(
            names = "--debug",
            description = "Print each registry request line to stderr (never credentials, tokens or signed URLs).")
    boolean debug;

    /** skopeo's other global flags (--tmpdir, --command-timeout, --override-*), before the command. */
    @picocli.CommandLine.Mixin
    GlobalOptions global;

    /** skopeo's global trust flags; each command's {@link TrustFlags} reads them from here. */
    @Option(names = "--policy", paramLabel = "PATH", description = "Signature policy file (see a command's --policy).")
    java.nio.file.Path policy;

    @Option(names = "--insecure-policy", description = "Accept any image, ignoring the signature policy.")
    boolean insecurePolicy;

    @Option(
            names = "--registries.d",
            paramLabel = "DIR",
            description = "Directory of registries.d files (see a command's --registries.d).")
    java.nio.file.Path registriesD;

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
        // skopeo's global flags are persistent: each command also takes those it has no flag of its own for.
        line.getSubcommands().values().forEach(sub -> addGlobalOptions(sub.getCommandSpec()));
        line.getSubcommands().values().forEach(sub -> TrustFlags.acceptEverywhere(sub.getCommandSpec()));
        // An example is never wrapped inside a reference or URL: help is as wide as its longest example line.
        line.getSubcommands().values().forEach(sub -> widenForExamples(sub.getCommandSpec()));
        line.setExecutionStrategy(SkiffCli::execute);
        // Subcommands inherit the handlers only when added before they are set; set them again for them.
        line.setParameterExceptionHandler(new UsageErrors());
        return line.setExecutionExceptionHandler(new ErrorReporter());
    }

    private static void widenForExamples(picocli.CommandLine.Model.CommandSpec sub) {
        int longest = 0;
        for (String line : sub.usageMessage().footer()) {
            longest = Math.max(longest, line.length());
        }
        if (longest + 2 > sub.usageMessage().width()) {
            sub.usageMessage().width(longest + 2);
        }
    }

    private static void addGlobalOptions(picocli.CommandLine.Model.CommandSpec sub) {
        picocli.CommandLine.Model.CommandSpec global =
                picocli.CommandLine.Model.CommandSpec.forAnnotatedObject(new GlobalOptions());
        for (picocli.CommandLine.Model.OptionSpec o : global.options()) {
            if (java.util.Arrays.stream(o.names()).noneMatch(n -> sub.findOption(n) != null)) {
                sub.addOption(o);
            }
        }
        if (sub.findOption("--debug") == null) {
            // accepted everywhere, as skopeo's; a command that makes no requests has nothing to print
            sub.addOption(picocli.CommandLine.Model.OptionSpec.builder("--debug")
                    .type(boolean.class)
                    .description("Print debug output to stderr (requests, for commands that make them).")
                    .build());
        }
    }

    /**
     * Runs the command the line names, after the global flags that apply to any command: --tmpdir
     * (temporary files go there), --command-timeout (the command fails when it runs longer).
     */
    private static int execute(picocli.CommandLine.ParseResult parsed) {
        java.util.List<CommandLine> chain = parsed.asCommandLineList();
        picocli.CommandLine.Model.CommandSpec command =
                chain.get(chain.size() - 1).getCommandSpec();
        java.nio.file.Path tmpdir = GlobalOptions.value(command, "--tmpdir");
        String problem = GlobalOptions.tmpdirProblem(tmpdir);
        if (problem != null) {
            throw new picocli.CommandLine.ParameterException(chain.get(chain.size() - 1), problem);
        }
        if (tmpdir != null) {
            System.setProperty("java.io.tmpdir", tmpdir.toAbsolutePath().toString());
        }
        java.time.Duration timeout = GlobalOptions.value(command, "--command-timeout");
        if (timeout == null) {
            return new CommandLine.RunLast().execute(parsed);
        }
        return CommandTimeout.run(timeout, () -> new CommandLine.RunLast().execute(parsed), chain.get(0));
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
