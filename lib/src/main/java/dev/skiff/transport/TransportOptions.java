package dev.skiff.transport;

import dev.skiff.auth.AuthFiles;
import dev.skiff.auth.CredentialSource;
import dev.skiff.auth.Credentials;
import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * How to reach one side of an operation: credentials (null for none/anonymous), whether TLS is
 * verified (false also allows plain HTTP, as skopeo's --tls-verify=false does), a cert dir (null:
 * the host's directory under certs.d, if any), how transient failures are retried, where
 * {@code --debug} request lines go (null: nowhere; they never hold secrets), and where credentials
 * are looked up when none are given (null: the standard auth files, read only when a registry asks
 * for authentication).
 */
public record TransportOptions(Credentials credentials, boolean tlsVerify, Path certDir, RetryPolicy retry,
                               Consumer<String> debug, CredentialSource credentialSource) {
    public TransportOptions {
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
    }

    public TransportOptions(Credentials credentials, boolean tlsVerify, Path certDir, RetryPolicy retry, Consumer<String> debug) {
        this(credentials, tlsVerify, certDir, retry, debug, null);
    }

    public TransportOptions(Credentials credentials, boolean tlsVerify, Path certDir) {
        this(credentials, tlsVerify, certDir, RetryPolicy.DEFAULT, null, null);
    }

    public static TransportOptions defaults() {
        return new TransportOptions(null, true, null);
    }

    public TransportOptions withCredentials(Credentials c) {
        return new TransportOptions(c, tlsVerify, certDir, retry, debug, credentialSource);
    }

    public TransportOptions withTlsVerify(boolean verify) {
        return new TransportOptions(credentials, verify, certDir, retry, debug, credentialSource);
    }

    public TransportOptions withCertDir(Path dir) {
        return new TransportOptions(credentials, tlsVerify, dir, retry, debug, credentialSource);
    }

    public TransportOptions withRetry(RetryPolicy policy) {
        return new TransportOptions(credentials, tlsVerify, certDir, policy, debug, credentialSource);
    }

    public TransportOptions withDebug(Consumer<String> sink) {
        return new TransportOptions(credentials, tlsVerify, certDir, retry, sink, credentialSource);
    }

    /** Where to look for credentials when none are given explicitly ({@link CredentialSource#ANONYMOUS} for --no-creds). */
    public TransportOptions withCredentialSource(CredentialSource source) {
        return new TransportOptions(credentials, tlsVerify, certDir, retry, debug, source);
    }

    /** The credentials to use, resolved lazily: explicit ones, else the source, else the standard auth files. */
    public CredentialSource effectiveCredentials() {
        if (credentials != null) {
            return CredentialSource.of(credentials);
        }
        return credentialSource != null ? credentialSource : AuthFiles.standard(null);
    }
}
