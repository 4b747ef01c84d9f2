package dev.skiff.cli;

import dev.skiff.SkiffException;
import dev.skiff.auth.AuthFile;
import dev.skiff.auth.AuthFiles;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/** {@code logout REGISTRY} / {@code logout --all}: removes saved credentials from the auth file, as skopeo logout does. */
@Command(
        name = "logout",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Remove the credentials saved for a registry (or, with --all, for every registry) from the auth file."
        },
        footer = {"", "Examples:", "  skiff logout 127.0.0.1:5000", "  skiff logout --all"})
final class LogoutCommand implements Callable<Integer> {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--authfile", paramLabel = "PATH", description = "The auth file to edit.")
    String authfile;

    @Option(
            names = {"-a", "--all"},
            description = "Remove the credentials of every registry in the auth file.")
    boolean all;

    @Option(
            names = "--tls-verify",
            arity = "0..1",
            fallbackValue = "true",
            defaultValue = "true",
            paramLabel = "BOOL",
            description = "Accepted for skopeo compatibility; logout does not contact the registry.")
    boolean tlsVerify;

    @Parameters(
            paramLabel = "REGISTRY",
            arity = "0..*",
            description = "The registry to log out of (HOST[:PORT]); none with --all.")
    List<String> registries;

    @Override
    public Integer call() {
        PrintWriter out = spec.commandLine().getOut();
        AuthFiles files = AuthFiles.standard(authfile == null ? null : Path.of(authfile));
        if (all) {
            if (registries != null && !registries.isEmpty()) {
                throw new CommandLine.ParameterException(spec.commandLine(), "--all takes no arguments");
            }
            AuthFile file = AuthFile.read(files.primary());
            file.removeAll();
            file.save();
            out.println("Removed login credentials for all registries");
            out.flush();
            return 0;
        }
        String key = LoginKeys.key(
                spec,
                registries,
                "please provide a registry to logout from",
                "logout accepts only one registry to logout from");
        AuthFile file = AuthFile.read(files.primary());
        if (!file.remove(key)) {
            Optional<AuthFiles.Found> elsewhere =
                    files.findWithSource(LoginKeys.registry(key), LoginKeys.namespace(key));
            throw new SkiffException("not logged into " + key
                    + elsewhere
                            .filter(f -> !f.file().equals(files.primary()))
                            .map(f -> " (credentials for it are in " + f.file() + ", which logout does not edit)")
                            .orElse(""));
        }
        file.save();
        out.println("Removed login credentials for " + key);
        out.flush();
        return 0;
    }
}
