package dev.skiff.cli;

import dev.skiff.transport.TransportOptions;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/** skopeo's per-side flags: {@code --src-…} and {@code --dest-…} for copy, plain ones for inspect. */
final class SideOptions {
    private SideOptions() {}

    private static TransportOptions options(
            CommandSpec spec,
            String creds,
            String username,
            String password,
            boolean noCreds,
            String authfile,
            boolean tlsVerify,
            String tlsFlag) {
        return tlsChoice(
                spec,
                tlsFlag,
                new TransportOptions(null, tlsVerify, null)
                        .withCredentialSource(
                                CredentialFlags.source(spec, creds, username, password, noCreds, authfile)));
    }

    /** {@code options} marked as the user's TLS choice when {@code flag} was given: it then wins over registries.conf's insecure. */
    static TransportOptions tlsChoice(CommandSpec spec, String flag, TransportOptions options) {
        var line = spec == null ? null : spec.commandLine();
        var parsed = line == null ? null : line.getParseResult();
        return parsed != null && parsed.hasMatchedOption(flag)
                ? options.withExtras(options.extras().withTlsVerifyGiven(true))
                : options;
    }

    /** A side's own {@code --src-authfile}/{@code --dest-authfile}, else copy's shared {@code --authfile}. */
    private static String authfile(CommandSpec command, String own) {
        if (own != null) {
            return own;
        }
        OptionSpec shared = command.findOption("--authfile");
        return shared == null ? null : shared.getValue();
    }

    /** copy's {@code --authfile}, for both sides unless {@code --src-authfile}/{@code --dest-authfile} say otherwise. */
    static final class SharedAuthFile {
        @Option(
                names = "--authfile",
                paramLabel = "PATH",
                description =
                        "Auth file for both sides (default: $REGISTRY_AUTH_FILE, else $${XDG_RUNTIME_DIR}/containers/auth.json).")
        String authfile;
    }

    static final class Source {
        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        @Option(
                names = "--src-creds",
                paramLabel = "USERNAME[:PASSWORD]",
                description = "Credentials for the source registry.")
        String creds;

        @Option(names = "--src-username", paramLabel = "USERNAME", description = "Username for the source registry.")
        String username;

        @Option(names = "--src-password", paramLabel = "PASSWORD", description = "Password for the source registry.")
        String password;

        @Option(names = "--src-no-creds", description = "Access the source registry anonymously.")
        boolean noCreds;

        @Option(names = "--src-authfile", paramLabel = "PATH", description = "Auth file for the source registry.")
        String authfile;

        @Option(
                names = "--src-tls-verify",
                arity = "0..1",
                fallbackValue = "true",
                defaultValue = "true",
                paramLabel = "BOOL",
                description =
                        "Require HTTPS and verify certificates for the source (default true; false also allows plain HTTP).")
        boolean tlsVerify;

        @Option(
                names = "--src-cert-dir",
                paramLabel = "DIR",
                description =
                        "Certificates for the source registry: *.crt CAs, client.cert/client.key for mutual TLS (default: certs.d/HOST:PORT).")
        Path certDir;

        TransportOptions options() {
            return SideOptions.options(
                            command,
                            creds,
                            username,
                            password,
                            noCreds,
                            authfile(command, authfile),
                            tlsVerify,
                            "--src-tls-verify")
                    .withCertDir(certDir);
        }
    }

    static final class Destination {
        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        @Option(
                names = "--dest-creds",
                paramLabel = "USERNAME[:PASSWORD]",
                description = "Credentials for the destination registry.")
        String creds;

        @Option(
                names = "--dest-username",
                paramLabel = "USERNAME",
                description = "Username for the destination registry.")
        String username;

        @Option(
                names = "--dest-password",
                paramLabel = "PASSWORD",
                description = "Password for the destination registry.")
        String password;

        @Option(names = "--dest-no-creds", description = "Access the destination registry anonymously.")
        boolean noCreds;

        @Option(names = "--dest-authfile", paramLabel = "PATH", description = "Auth file for the destination registry.")
        String authfile;

        @Option(
                names = "--dest-tls-verify",
                arity = "0..1",
                fallbackValue = "true",
                defaultValue = "true",
                paramLabel = "BOOL",
                description =
                        "Require HTTPS and verify certificates for the destination (default true; false also allows plain HTTP).")
        boolean tlsVerify;

        @Option(
                names = "--dest-cert-dir",
                paramLabel = "DIR",
                description =
                        "Certificates for the destination registry: *.crt CAs, client.cert/client.key for mutual TLS (default: certs.d/HOST:PORT).")
        Path certDir;

        TransportOptions options() {
            return SideOptions.options(
                            command,
                            creds,
                            username,
                            password,
                            noCreds,
                            authfile(command, authfile),
                            tlsVerify,
                            "--dest-tls-verify")
                    .withCertDir(certDir);
        }
    }

    static final class Single {
        @Spec(Spec.Target.MIXEE)
        CommandSpec command;

        @Option(names = "--creds", paramLabel = "USERNAME[:PASSWORD]", description = "Credentials for the registry.")
        String creds;

        @Option(names = "--username", paramLabel = "USERNAME", description = "Username for the registry.")
        String username;

        @Option(names = "--password", paramLabel = "PASSWORD", description = "Password for the registry.")
        String password;

        @Option(names = "--no-creds", description = "Access the registry anonymously.")
        boolean noCreds;

        @Option(
                names = "--authfile",
                paramLabel = "PATH",
                description =
                        "Auth file (default: $REGISTRY_AUTH_FILE, else $${XDG_RUNTIME_DIR}/containers/auth.json; then ~/.config/containers/auth.json, ~/.docker/config.json).")
        String authfile;

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
                description =
                        "Certificates for the registry: *.crt CAs, client.cert/client.key for mutual TLS (default: certs.d/HOST:PORT).")
        Path certDir;

        TransportOptions options() {
            return SideOptions.options(command, creds, username, password, noCreds, authfile, tlsVerify, "--tls-verify")
                    .withCertDir(certDir);
        }
    }
}
