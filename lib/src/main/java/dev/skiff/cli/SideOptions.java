package dev.skiff.cli;

import dev.skiff.auth.Credentials;
import dev.skiff.transport.TransportOptions;
import picocli.CommandLine.Option;

/** skopeo's per-side flags: {@code --src-…} and {@code --dest-…} for copy, plain ones for inspect. */
final class SideOptions {
    private SideOptions() {
    }

    private static TransportOptions options(String creds, boolean tlsVerify) {
        return new TransportOptions(creds == null ? null : Credentials.parse(creds), tlsVerify, null);
    }

    static final class Source {
        @Option(names = "--src-creds", paramLabel = "USERNAME[:PASSWORD]",
                description = "Credentials for the source registry.")
        String creds;

        @Option(names = "--src-tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
                paramLabel = "BOOL", description = "Require HTTPS and verify certificates for the source (default true; false also allows plain HTTP).")
        boolean tlsVerify;

        TransportOptions options() {
            return SideOptions.options(creds, tlsVerify);
        }
    }

    static final class Destination {
        @Option(names = "--dest-creds", paramLabel = "USERNAME[:PASSWORD]",
                description = "Credentials for the destination registry.")
        String creds;

        @Option(names = "--dest-tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
                paramLabel = "BOOL", description = "Require HTTPS and verify certificates for the destination (default true; false also allows plain HTTP).")
        boolean tlsVerify;

        TransportOptions options() {
            return SideOptions.options(creds, tlsVerify);
        }
    }

    static final class Single {
        @Option(names = "--creds", paramLabel = "USERNAME[:PASSWORD]", description = "Credentials for the registry.")
        String creds;

        @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
                paramLabel = "BOOL", description = "Require HTTPS and verify certificates (default true; false also allows plain HTTP).")
        boolean tlsVerify;

        TransportOptions options() {
            return SideOptions.options(creds, tlsVerify);
        }
    }
}
