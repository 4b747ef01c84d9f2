package dev.skiff.cli;

import dev.skiff.auth.Credentials;
import dev.skiff.transport.TransportOptions;
import java.nio.file.Path;
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

        @Option(names = "--src-cert-dir", paramLabel = "DIR",
                description = "Certificates for the source registry: *.crt CAs, client.cert/client.key for mutual TLS (default: certs.d/HOST:PORT).")
        Path certDir;

        TransportOptions options() {
            return SideOptions.options(creds, tlsVerify).withCertDir(certDir);
        }
    }

    static final class Destination {
        @Option(names = "--dest-creds", paramLabel = "USERNAME[:PASSWORD]",
                description = "Credentials for the destination registry.")
        String creds;

        @Option(names = "--dest-tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
                paramLabel = "BOOL", description = "Require HTTPS and verify certificates for the destination (default true; false also allows plain HTTP).")
        boolean tlsVerify;

        @Option(names = "--dest-cert-dir", paramLabel = "DIR",
                description = "Certificates for the destination registry: *.crt CAs, client.cert/client.key for mutual TLS (default: certs.d/HOST:PORT).")
        Path certDir;

        TransportOptions options() {
            return SideOptions.options(creds, tlsVerify).withCertDir(certDir);
        }
    }

    static final class Single {
        @Option(names = "--creds", paramLabel = "USERNAME[:PASSWORD]", description = "Credentials for the registry.")
        String creds;

        @Option(names = "--tls-verify", arity = "0..1", fallbackValue = "true", defaultValue = "true",
                paramLabel = "BOOL", description = "Require HTTPS and verify certificates (default true; false also allows plain HTTP).")
        boolean tlsVerify;

        @Option(names = "--cert-dir", paramLabel = "DIR",
                description = "Certificates for the registry: *.crt CAs, client.cert/client.key for mutual TLS (default: certs.d/HOST:PORT).")
        Path certDir;

        TransportOptions options() {
            return SideOptions.options(creds, tlsVerify).withCertDir(certDir);
        }
    }
}
