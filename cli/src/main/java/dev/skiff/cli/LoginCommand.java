package dev.skiff.cli;

import dev.skiff.SkiffException;
import dev.skiff.auth.AuthFile;
import dev.skiff.auth.AuthFiles;
import dev.skiff.auth.Credentials;
import dev.skiff.registry.RegistryClient;
import dev.skiff.registry.RegistryException;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.registry.RegistryEndpoints;
import java.io.BufferedReader;
import java.io.Console;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Optional;
import java.util.concurrent.Callable;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code login REGISTRY}: checks the credentials against the registry, then stores them in the
 * auth file (containers' {@code auth.json}, mode 0600), as skopeo login does, with its messages.
 * The password is never echoed or printed.
 */
@Command(
        name = "login",
        mixinStandardHelpOptions = true,
        sortOptions = false,
        description = {
            "Log in to a registry: check the credentials there, then save them in the auth file",
            "(default: $REGISTRY_AUTH_FILE, else $${XDG_RUNTIME_DIR}/containers/auth.json, else /run/containers/UID/auth.json).",
            "REGISTRY is HOST[:PORT], or HOST[:PORT]/NAMESPACE for credentials that apply below it only."
        },
        footer = {
            "",
            "Examples:",
            "  skiff login --tls-verify=false -u bob 127.0.0.1:5000",
            "  printf '%%s' \"$PASSWORD\" | skiff login -u bob --password-stdin registry.example.com"
        })
final class LoginCommand implements Callable<Integer>, Advised {
    @Spec
    CommandLine.Model.CommandSpec spec;

    @Option(names = "--authfile", paramLabel = "PATH", description = "The auth file to write.")
    String authfile;

    @Option(
            names = {"-u", "--username"},
            paramLabel = "USERNAME",
            description = "Username for the registry.")
    String username;

    @Option(
            names = {"-p", "--password"},
            paramLabel = "PASSWORD",
            description = "Password for the registry (prefer --password-stdin).")
    String password;

    @Option(names = "--password-stdin", description = "Read the password from standard input.")
    boolean passwordStdin;

    @Option(names = "--get-login", description = "Print the user logged in to the registry.")
    boolean getLogin;

    @Option(
            names = "--tls-verify",
            arity = "0..1",
            fallbackValue = "true",
            defaultValue = "true",
            paramLabel = "BOOL",
            description = "Require HTTPS and verify certificates (default true; false also allows plain HTTP).")
    boolean tlsVerify;

    @Option(
            names = "--cert-dir",
            paramLabel = "DIR",
            description = "Certificates (*.crt CAs, client.cert/client.key) for the registry.")
    String certDir;

    @picocli.CommandLine.Mixin
    NetworkOptions network;

    @Option(
            names = {"-v", "--verbose"},
            description = "Say which auth file was written.")
    boolean verbose;

    @Parameters(paramLabel = "REGISTRY", arity = "0..*", description = "The registry to log in to (HOST[:PORT]).")
    List<String> registries;

    /** login's own flags: no --creds, the username and password are what it checks. */
    private static final RegistryFlags FLAGS =
            new RegistryFlags("--tls-verify=false", "--cert-dir DIR", "--username and --password");

    @Override
    public Advice advice() {
        return (hint, side, subject) -> hint == dev.skiff.Hint.CREDENTIALS
                ? "check the username and password"
                : FLAGS.adviseWithRetries(hint, subject);
    }

    @Override
    public Integer call() throws IOException {
        PrintWriter out = spec.commandLine().getOut();
        String key = LoginKeys.key(
                spec,
                registries,
                "please provide a registry to login to",
                "login accepts only one registry to login to");
        String registry = LoginKeys.registry(key);
        AuthFiles files = AuthFiles.standard(authfile == null ? null : Path.of(authfile));
        if (getLogin) {
            Credentials found = files.find(registry, LoginKeys.namespace(key))
                    .orElseThrow(() -> new SkiffException("not logged into " + key));
            out.println(found.username());
            out.flush();
            return 0;
        }
        if (passwordStdin && password != null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Can't specify both --password-stdin and --password");
        }
        if (passwordStdin && username == null) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(), "Must provide --username with --password-stdin");
        }
        TransportOptions given = SideOptions.tlsChoice(
                spec,
                "--tls-verify",
                network.apply(new TransportOptions(null, tlsVerify, certDir == null ? null : Path.of(certDir))));
        // registries.conf: a blocked registry is refused, an insecure one allows plain HTTP (as skopeo login)
        RegistryTarget target = new RegistryTarget(registry, RegistryEndpoints.forRegistry(registry, given));
        if (username == null && password == null) {
            Optional<AuthFiles.Found> existing = files.findWithSource(registry, LoginKeys.namespace(key));
            if (existing.isPresent()) {
                out.println("Authenticating with existing credentials for " + key);
                out.flush();
                try {
                    target.check(existing.get().credentials());
                    out.println("Existing credentials are valid. Already logged in to " + registry);
                    out.flush();
                    return 0;
                } catch (RegistryException e) {
                    if (e.status() != 401 && e.status() != 403) {
                        throw e;
                    }
                    out.println("Existing credentials are invalid, please enter valid username and password");
                    out.flush();
                }
            }
        }
        Credentials credentials = new Credentials(username != null ? username : promptUsername(out), readPassword(out));
        target.check(credentials);
        AuthFile file = AuthFile.read(files.primary());
        file.put(key, credentials);
        file.save();
        if (verbose) {
            out.println("Used: " + file.path());
        }
        out.println("Login Succeeded!");
        out.flush();
        return 0;
    }

    /** Where the credentials are checked: the registry part of the key, with the TLS and network flags. */
    private record RegistryTarget(String registry, TransportOptions options) {
        void check(Credentials credentials) {
            try (RegistryClient client = RegistryClient.forRegistry(registry, options.withCredentials(credentials))) {
                client.checkCredentials();
            }
        }
    }

    private String promptUsername(PrintWriter out) throws IOException {
        Console console = System.console();
        String line;
        if (console != null) {
            line = console.readLine("Username: ");
        } else {
            out.print("Username: ");
            out.flush();
            line = stdin().readLine();
        }
        if (line == null || line.trim().isEmpty()) {
            throw new SkiffException("no username given: pass -u USERNAME");
        }
        return line.trim();
    }

    private String readPassword(PrintWriter out) throws IOException {
        if (password != null) {
            return password;
        }
        if (passwordStdin) {
            StringBuilder all = new StringBuilder();
            char[] buffer = new char[4096];
            int n;
            BufferedReader in = stdin();
            while ((n = in.read(buffer)) > 0) {
                all.append(buffer, 0, n);
                if (all.length() > 65536) {
                    throw new SkiffException("--password-stdin: standard input is longer than 64 KiB");
                }
            }
            String text = all.toString();
            // as docker and skopeo do: one trailing newline (from echo) is not part of the password
            if (text.endsWith("\n")) {
                text = text.substring(0, text.length() - 1);
            }
            if (text.endsWith("\r")) {
                text = text.substring(0, text.length() - 1);
            }
            return text;
        }
        Console console = System.console();
        if (console == null) {
            throw new SkiffException("cannot read the password: standard input is not a terminal"
                    + " (pipe it with --password-stdin, or pass --password)");
        }
        char[] typed = console.readPassword("Password: ");
        if (typed == null) {
            throw new SkiffException("no password given");
        }
        return new String(typed);
    }

    private BufferedReader stdinReader;

    private BufferedReader stdin() {
        if (stdinReader == null) {
            stdinReader = new BufferedReader(new InputStreamReader(System.in, StandardCharsets.UTF_8));
        }
        return stdinReader;
    }
}
