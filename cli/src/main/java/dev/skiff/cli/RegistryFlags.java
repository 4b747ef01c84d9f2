package dev.skiff.cli;

import dev.skiff.Hint;

/**
 * The flags a command takes to reach one registry side: how to skip TLS verification, where
 * certificates are, which credentials to send; and the advice for the registry hints in them.
 */
record RegistryFlags(String tlsOff, String certDir, String creds) {
    static final RegistryFlags SINGLE =
            new RegistryFlags("--tls-verify=false", "--cert-dir DIR", "--creds USERNAME:PASSWORD");
    static final RegistryFlags SOURCE =
            new RegistryFlags("--src-tls-verify=false", "--src-cert-dir DIR", "--src-creds USERNAME:PASSWORD");
    static final RegistryFlags DESTINATION =
            new RegistryFlags("--dest-tls-verify=false", "--dest-cert-dir DIR", "--dest-creds USERNAME:PASSWORD");

    static final String MORE_RETRIES = "raise --retry-times to try longer";

    /** Two sides' flags as one: "and" for a registry that is both sides, "or" when it may be either. */
    static RegistryFlags both(RegistryFlags a, RegistryFlags b, String word) {
        return new RegistryFlags(
                a.tlsOff + " " + word + " " + b.tlsOff,
                a.certDir + " " + word + " " + b.certDir,
                a.creds + " " + word + " " + b.creds);
    }

    /** The advice for a registry hint about {@code host} (null when not known); null for other hints. */
    String advise(Hint hint, String host) {
        String where = host == null ? "HOST:PORT" : host;
        return switch (hint) {
            case PLAIN_HTTP -> "if it is a plain-HTTP registry, pass " + tlsOff;
            case TLS_UNTRUSTED ->
                "pass " + certDir + " holding its CA certificate (DIR/*.crt), or " + tlsOff + " to skip verification";
            case CLIENT_CERTIFICATE -> "put client.cert and client.key (PEM) in " + certDir + " or in certs.d/" + where;
            case CERT_DIR_INVALID -> "give " + certDir + " a directory that holds the registry's certificates";
            case CREDENTIALS -> "pass " + creds + " or log in (skiff login " + where + ")";
            default -> null;
        };
    }

    /** The registry hints in these flags, and more retries for commands that take {@code --retry-times}. */
    String adviseWithRetries(Hint hint, String host) {
        return hint == Hint.RETRIES_EXHAUSTED ? MORE_RETRIES : advise(hint, host);
    }
}
