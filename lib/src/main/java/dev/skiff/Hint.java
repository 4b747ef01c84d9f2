package dev.skiff;

/**
 * What a user could do about a failure, as a kind rather than words: the library never names a
 * command-line flag (rule 6); each front turns a hint into the advice its own surface accepts
 * ({@code copy} says {@code --dest-tls-verify=false}, {@code inspect} says {@code --tls-verify=false},
 * a DSL plan says {@code tlsVerify false}).
 */
public enum Hint {
    /** Nothing to suggest beyond the message. */
    NONE,
    /** The registry speaks plain HTTP (or TLS could not be verified): allow it by not verifying TLS for that side. */
    PLAIN_HTTP,
    /** The registry's certificate is not trusted: give a cert dir holding its CA, or do not verify TLS. */
    TLS_UNTRUSTED,
    /** The registry asks for a client certificate: give a cert dir with client.cert and client.key. */
    CLIENT_CERTIFICATE,
    /** A cert dir given explicitly does not exist or cannot be read. */
    CERT_DIR_INVALID,
    /** Retries ran out on a transient failure: allow more retries. */
    RETRIES_EXHAUSTED,
    /** The registry wants credentials (none given, or those given were refused): pass credentials or log in. */
    CREDENTIALS,
    /** An index lacks the platform asked for: choose another os/arch/variant. */
    PLATFORM_MISSING,
    /** An index was given where one image is wanted: take every platform, or choose one. */
    PLATFORM_CHOICE,
    /** A platform filter names a platform the index lacks (the subject): name only platforms it has. */
    PLATFORM_FILTER_UNMATCHED,
    /** A platform filter was given for a single image: copy it without the filter. */
    PLATFORM_FILTER_ON_IMAGE,
    /** The destination cannot hold the image unchanged, and keeping digests was asked for. */
    DIGEST_CHANGE_NEEDS_CONVERSION,
    /** The manifest format asked for (or needed) cannot hold the image at the destination; the subject, when set, is a format that can. */
    FORMAT_UNSUPPORTED,
    /** The destination holds single images only: copy one platform rather than the whole index. */
    SINGLE_IMAGE_ONLY,
    /** A template (inspect's format) is malformed. */
    TEMPLATE_INVALID,
    /** A check covered one platform of an index: check every platform. */
    ALL_PLATFORMS,
    /** The destination holds one platform of an index (a copy took one): copying every platform carries them all. */
    ONE_PLATFORM_COPIED,
    /** An image's config was asked for, but the image has none (Docker schema 1): look at it without the config. */
    NO_CONFIG,
    /** An encrypted layer needs a (right) decryption key: a conversion or decryption cannot go on without one. */
    DECRYPTION_KEY_NEEDED,
    /** The destination cannot store the image's signatures (or the copy changes the manifest they sign): copy without them. */
    SIGNATURES_UNSUPPORTED,
    /**
     * The registries.d lookaside for writing an image's signatures is not a file: URL, so they can be
     * neither written nor deleted there (the subject: the lookaside URL): name one with a file:
     * lookaside-staging.
     */
    LOOKASIDE_READ_ONLY,
    /** The signature policy refused the image (the subject: the policy file): use another policy, or skip it where that is safe. */
    POLICY_REJECTED,
    /** A policy.json or registries.d file is unreadable or malformed (the subject: the file). */
    POLICY_INVALID,
    /** New signatures need a name to claim and the destination has none (a dir:, a layout): give a sign identity. */
    SIGN_IDENTITY,
    /** The destination cannot keep referrers (or the copy changes the digest they name): copy without them. */
    REFERRERS_UNSUPPORTED,
    /**
     * A delta bundle leaves out blobs the destination does not hold either (the subject: the digest of
     * the inventory the bundle was made against): import it where that inventory was taken, or make
     * the bundle against an inventory of this destination (or a full one).
     */
    DELTA_BASE_MISSING,
}
