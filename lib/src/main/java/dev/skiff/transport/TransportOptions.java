package dev.skiff.transport;

import dev.skiff.auth.AuthFiles;
import dev.skiff.auth.CredentialSource;
import dev.skiff.auth.Credentials;
import java.nio.file.Path;

/**
 * How to reach one side of an operation: credentials (null for none/anonymous), whether TLS is
 * verified (false also allows plain HTTP, as skopeo's --tls-verify=false does), a cert dir, and
 * where credentials are looked up when none are given (null: the standard auth files, read only
 * when a registry asks for authentication).
 */
public record TransportOptions(Credentials credentials, boolean tlsVerify, Path certDir, CredentialSource credentialSource) {
    public TransportOptions(Credentials credentials, boolean tlsVerify, Path certDir) {
        this(credentials, tlsVerify, certDir, null);
    }

    public static TransportOptions defaults() {
        return new TransportOptions(null, true, null);
    }

    public TransportOptions withCredentials(Credentials c) {
        return new TransportOptions(c, tlsVerify, certDir, credentialSource);
    }

    public TransportOptions withTlsVerify(boolean verify) {
        return new TransportOptions(credentials, verify, certDir, credentialSource);
    }

    /** Where to look for credentials when none are given explicitly ({@link CredentialSource#ANONYMOUS} for --no-creds). */
    public TransportOptions withCredentialSource(CredentialSource source) {
        return new TransportOptions(credentials, tlsVerify, certDir, source);
    }

    /** The credentials to use, resolved lazily: explicit ones, else the source, else the standard auth files. */
    public CredentialSource effectiveCredentials() {
        if (credentials != null) {
            return CredentialSource.of(credentials);
        }
        return credentialSource != null ? credentialSource : AuthFiles.standard(null);
    }
}
