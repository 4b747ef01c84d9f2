package dev.skiff.transport;

import dev.skiff.auth.Credentials;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * How to reach one side of an operation: credentials (null for none/anonymous), whether TLS is
 * verified (false also allows plain HTTP, as skopeo's --tls-verify=false does), a cert dir (null:
 * the host's directory under certs.d, if any), how transient failures are retried, and where
 * {@code --debug} request lines go (null: nowhere; they never hold secrets).
 */
public record TransportOptions(Credentials credentials, boolean tlsVerify, Path certDir, RetryPolicy retry,
                               Consumer<String> debug) {
    public TransportOptions {
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
    }

    public TransportOptions(Credentials credentials, boolean tlsVerify, Path certDir) {
        this(credentials, tlsVerify, certDir, RetryPolicy.DEFAULT, null);
    }

    public static TransportOptions defaults() {
        return new TransportOptions(null, true, null);
    }

    public TransportOptions withCredentials(Credentials c) {
        return new TransportOptions(c, tlsVerify, certDir, retry, debug);
    }

    public TransportOptions withTlsVerify(boolean verify) {
        return new TransportOptions(credentials, verify, certDir, retry, debug);
    }

    public TransportOptions withCertDir(Path dir) {
        return new TransportOptions(credentials, tlsVerify, dir, retry, debug);
    }

    public TransportOptions withRetry(RetryPolicy policy) {
        return new TransportOptions(credentials, tlsVerify, certDir, policy, debug);
    }

    public TransportOptions withDebug(Consumer<String> sink) {
        return new TransportOptions(credentials, tlsVerify, certDir, retry, sink);
    }
}
