package dev.skiff.cli;

import dev.skiff.transport.TransportExtras;
import dev.skiff.transport.TransportOptions;
import java.nio.file.Path;
import picocli.CommandLine.Option;

/**
 * skopeo's per-side flags that only some transports use: a bearer token for a registry
 * ({@code --registry-token}), the daemon for {@code docker-daemon:} ({@code --daemon-host}) and a
 * blob directory several OCI layouts share ({@code --shared-blob-dir}); {@code --src-…} and
 * {@code --dest-…} for copy, plain for inspect, delete and list-tags, the token alone for sync.
 */
final class ReachOptions {
    private ReachOptions() {}

    private static TransportOptions apply(TransportOptions options, String token, String daemonHost, Path shared) {
        TransportExtras extras = options.extras();
        if (token != null) {
            extras = extras.withRegistryToken(token);
        }
        if (daemonHost != null) {
            extras = extras.withDaemonHost(daemonHost);
        }
        if (shared != null) {
            extras = extras.withSharedBlobDir(shared);
        }
        return options.withExtras(extras);
    }

    static final class Source {
        @Option(
                names = "--src-registry-token",
                paramLabel = "TOKEN",
                description = "Bearer token for the source registry, sent as is (no token service is asked).")
        String token;

        @Option(
                names = "--src-daemon-host",
                paramLabel = "HOST",
                description = "Docker daemon for a docker-daemon: source, as unix:///path/to/docker.sock.")
        String daemonHost;

        @Option(
                names = "--src-shared-blob-dir",
                paramLabel = "DIRECTORY",
                description = "Read an oci: source's blobs from DIRECTORY (DIRECTORY/sha256/HEX), shared by layouts.")
        Path shared;

        TransportOptions apply(TransportOptions options) {
            return ReachOptions.apply(options, token, daemonHost, shared);
        }
    }

    static final class Destination {
        @Option(
                names = "--dest-registry-token",
                paramLabel = "TOKEN",
                description = "Bearer token for the destination registry, sent as is (no token service is asked).")
        String token;

        @Option(
                names = "--dest-daemon-host",
                paramLabel = "HOST",
                description = "Docker daemon for a docker-daemon: destination, as unix:///path/to/docker.sock.")
        String daemonHost;

        @Option(
                names = "--dest-shared-blob-dir",
                paramLabel = "DIRECTORY",
                description =
                        "Write an oci: destination's blobs to DIRECTORY (DIRECTORY/sha256/HEX), shared by layouts.")
        Path shared;

        TransportOptions apply(TransportOptions options) {
            return ReachOptions.apply(options, token, daemonHost, shared);
        }
    }

    static final class Single {
        @Option(
                names = "--registry-token",
                paramLabel = "TOKEN",
                description = "Bearer token for the registry, sent as is (no token service is asked).")
        String token;

        @Option(
                names = "--daemon-host",
                paramLabel = "HOST",
                description = "Docker daemon for docker-daemon: images, as unix:///path/to/docker.sock.")
        String daemonHost;

        @Option(
                names = "--shared-blob-dir",
                paramLabel = "DIRECTORY",
                description = "An oci: image's blobs are in DIRECTORY (DIRECTORY/sha256/HEX), shared by layouts.")
        Path shared;

        TransportOptions apply(TransportOptions options) {
            return ReachOptions.apply(options, token, daemonHost, shared);
        }
    }

    /** sync's: a token for each side, as skopeo's sync takes. */
    static final class Tokens {
        @Option(
                names = "--src-registry-token",
                paramLabel = "TOKEN",
                description = "Bearer token for the source registry, sent as is (no token service is asked).")
        String source;

        @Option(
                names = "--dest-registry-token",
                paramLabel = "TOKEN",
                description = "Bearer token for the destination registry, sent as is (no token service is asked).")
        String destination;

        TransportOptions source(TransportOptions options) {
            return ReachOptions.apply(options, source, null, null);
        }

        TransportOptions destination(TransportOptions options) {
            return ReachOptions.apply(options, destination, null, null);
        }
    }
}
