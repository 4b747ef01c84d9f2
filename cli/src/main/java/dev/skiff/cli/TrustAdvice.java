package dev.skiff.cli;

import dev.skiff.Hint;

/** What copy and sync advise for the trust hints, in their flags. */
final class TrustAdvice {
    private TrustAdvice() {}

    /** The advice for a trust hint, or null when {@code hint} is not one. */
    static String advise(Hint hint, String subject) {
        return switch (hint) {
            case SIGNATURES_UNSUPPORTED -> "pass --remove-signatures to copy the image without its signatures";
            case POLICY_REJECTED ->
                "sign the image for this policy, or name another with --policy (--insecure-policy skips the check)";
            case POLICY_INVALID -> "fix the file, or name another policy with --policy";
            case SIGN_IDENTITY -> "pass --sign-identity with the name the signature should claim";
            default -> null;
        };
    }
}
