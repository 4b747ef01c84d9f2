package dev.skiff.transport;

import dev.skiff.auth.Credentials;
import java.nio.file.Path;

/**
 * How to reach one side of an operation: credentials (null for none/anonymous), whether TLS is
 * verified (false also allows plain HTTP, as skopeo's --tls-verify=false does), a cert dir.
 */
public record TransportOptions(Credentials credentials, boolean tlsVerify, Path certDir) {
    public static TransportOptions defaults() {
        return new TransportOptions(null, true, null);
    }

    public TransportOptions withCredentials(Credentials c) {
        return new TransportOptions(c, tlsVerify, certDir);
    }

    public TransportOptions withTlsVerify(boolean verify) {
        return new TransportOptions(credentials, verify, certDir);
    }
}
