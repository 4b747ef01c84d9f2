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
 * for authentication), and how many requests this process may have in flight against one
 * registry ({@code maxRequests}; 0 for no cap), and what references share over a long operation
 * ({@code session}, a sync's; null: nothing is shared, each source or destination owns its client),
 * and where notices for a person go while work waits or tidies up (a layout lock waited for,
 * leftovers removed; null: stderr; a quiet command drops them).
 */
public record TransportOptions(
        Credentials credentials,
        boolean tlsVerify,
        Path certDir,
        RetryPolicy retry,
        Consumer<String> debug,
        CredentialSource credentialSource,
        int maxRequests,
        TransportSession session,
        Consumer<String> notices,
        TransportExtras extras) {
    public TransportOptions {
        extras = extras == null ? TransportExtras.NONE : extras;
        retry = retry == null ? RetryPolicy.DEFAULT : retry;
        if (maxRequests < 0) {
            throw new IllegalArgumentException("maxRequests must be 0 (no cap) or more, not " + maxRequests);
        }
    }

    public TransportOptions(
            Credentials credentials,
            boolean tlsVerify,
            Path certDir,
            RetryPolicy retry,
            Consumer<String> debug,
            CredentialSource credentialSource,
            int maxRequests,
            TransportSession session,
            Consumer<String> notices) {
        this(credentials, tlsVerify, certDir, retry, debug, credentialSource, maxRequests, session, notices, null);
    }

    public TransportOptions(
            Credentials credentials,
            boolean tlsVerify,
            Path certDir,
            RetryPolicy retry,
            Consumer<String> debug,
            CredentialSource credentialSource,
            int maxRequests) {
        this(credentials, tlsVerify, certDir, retry, debug, credentialSource, maxRequests, null, null);
    }

    public TransportOptions(
            Credentials credentials,
            boolean tlsVerify,
            Path certDir,
            RetryPolicy retry,
            Consumer<String> debug,
            CredentialSource credentialSource) {
        this(credentials, tlsVerify, certDir, retry, debug, credentialSource, 0);
    }

    public TransportOptions(
            Credentials credentials, boolean tlsVerify, Path certDir, RetryPolicy retry, Consumer<String> debug) {
        this(credentials, tlsVerify, certDir, retry, debug, null);
    }

    public TransportOptions(Credentials credentials, boolean tlsVerify, Path certDir) {
        this(credentials, tlsVerify, certDir, RetryPolicy.DEFAULT, null, null);
    }

    public static TransportOptions defaults() {
        return new TransportOptions(null, true, null);
    }

    public TransportOptions withCredentials(Credentials c) {
        return new TransportOptions(
                c, tlsVerify, certDir, retry, debug, credentialSource, maxRequests, session, notices, extras);
    }

    public TransportOptions withTlsVerify(boolean verify) {
        return new TransportOptions(
                credentials, verify, certDir, retry, debug, credentialSource, maxRequests, session, notices, extras);
    }

    public TransportOptions withCertDir(Path dir) {
        return new TransportOptions(
                credentials, tlsVerify, dir, retry, debug, credentialSource, maxRequests, session, notices, extras);
    }

    public TransportOptions withRetry(RetryPolicy policy) {
        return new TransportOptions(
                credentials,
                tlsVerify,
                certDir,
                policy,
                debug,
                credentialSource,
                maxRequests,
                session,
                notices,
                extras);
    }

    public TransportOptions withDebug(Consumer<String> sink) {
        return new TransportOptions(
                credentials, tlsVerify, certDir, retry, sink, credentialSource, maxRequests, session, notices, extras);
    }

    /** Where to look for credentials when none are given explicitly ({@link CredentialSource#ANONYMOUS} for --no-creds). */
    public TransportOptions withCredentialSource(CredentialSource source) {
        return new TransportOptions(
                credentials, tlsVerify, certDir, retry, debug, source, maxRequests, session, notices, extras);
    }

    /** At most {@code max} requests in flight against one registry from this process (0: no cap). */
    public TransportOptions withMaxRequests(int max) {
        return new TransportOptions(
                credentials, tlsVerify, certDir, retry, debug, credentialSource, max, session, notices, extras);
    }

    /** These options with references sharing what {@code shared} keeps (null: sharing nothing). */
    public TransportOptions withSession(TransportSession shared) {
        return new TransportOptions(
                credentials, tlsVerify, certDir, retry, debug, credentialSource, maxRequests, shared, notices, extras);
    }

    /** Where notices go ({@code line -> {}} for a quiet command). */
    public TransportOptions withNotices(Consumer<String> sink) {
        return new TransportOptions(
                credentials, tlsVerify, certDir, retry, debug, credentialSource, maxRequests, session, sink, extras);
    }

    /** These options with {@code value}'s transport-specific extras (token, daemon host, shared blobs, tags). */
    public TransportOptions withExtras(TransportExtras value) {
        return new TransportOptions(
                credentials, tlsVerify, certDir, retry, debug, credentialSource, maxRequests, session, notices, value);
    }

    /** The notice sink to use: the one given, else stderr. */
    public Consumer<String> effectiveNotices() {
        return notices != null ? notices : dev.skiff.io.Warnings::print;
    }

    /** The credentials to use, resolved lazily: explicit ones, else the source, else the standard auth files. */
    public CredentialSource effectiveCredentials() {
        if (credentials != null) {
            return CredentialSource.of(credentials);
        }
        return credentialSource != null ? credentialSource : AuthFiles.standard(null);
    }
}
