package dev.skiff.transport;

import java.nio.file.Path;
import java.util.List;

/**
 * What some transports take besides credentials and TLS, as skopeo's per-side flags give it:
 * {@code registryToken}, a bearer token sent as is to a registry that asks for a bearer token
 * (no token service is asked); {@code daemonHost}, the Engine API address for
 * {@code docker-daemon:} (instead of {@code DOCKER_HOST}); {@code sharedBlobDir}, where an OCI
 * layout's blobs are kept instead of its own {@code blobs/} (skopeo's {@code --shared-blob-dir});
 * {@code additionalTags}, more names for the image a {@code docker-archive:} destination writes;
 * {@code tlsVerifyGiven}, whether the TLS choice in the options was the user's ({@code
 * --tls-verify} given), which then wins over registries.conf's {@code insecure}.
 * A transport that has no use for a value ignores it, as skopeo does.
 */
public record TransportExtras(
        String registryToken,
        String daemonHost,
        Path sharedBlobDir,
        List<String> additionalTags,
        boolean tlsVerifyGiven) {
    public static final TransportExtras NONE = new TransportExtras(null, null, null, List.of(), false);

    public TransportExtras {
        registryToken = registryToken == null || registryToken.isEmpty() ? null : registryToken;
        daemonHost = daemonHost == null || daemonHost.isEmpty() ? null : daemonHost;
        additionalTags = additionalTags == null ? List.of() : List.copyOf(additionalTags);
    }

    public TransportExtras(String registryToken, String daemonHost, Path sharedBlobDir, List<String> additionalTags) {
        this(registryToken, daemonHost, sharedBlobDir, additionalTags, false);
    }

    public TransportExtras withRegistryToken(String token) {
        return new TransportExtras(token, daemonHost, sharedBlobDir, additionalTags, tlsVerifyGiven);
    }

    public TransportExtras withDaemonHost(String host) {
        return new TransportExtras(registryToken, host, sharedBlobDir, additionalTags, tlsVerifyGiven);
    }

    public TransportExtras withSharedBlobDir(Path dir) {
        return new TransportExtras(registryToken, daemonHost, dir, additionalTags, tlsVerifyGiven);
    }

    public TransportExtras withAdditionalTags(List<String> tags) {
        return new TransportExtras(registryToken, daemonHost, sharedBlobDir, tags, tlsVerifyGiven);
    }

    public TransportExtras withTlsVerifyGiven(boolean given) {
        return new TransportExtras(registryToken, daemonHost, sharedBlobDir, additionalTags, given);
    }

    /** The token never appears in logs or messages, so not in this record's text either. */
    @Override
    public String toString() {
        return "TransportExtras[registryToken=" + (registryToken == null ? "none" : "***") + ", daemonHost="
                + daemonHost + ", sharedBlobDir=" + sharedBlobDir + ", additionalTags=" + additionalTags
                + ", tlsVerifyGiven="
                + tlsVerifyGiven + "]";
    }
}
