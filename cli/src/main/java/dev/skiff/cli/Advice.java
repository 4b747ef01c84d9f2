package dev.skiff.cli;

import dev.skiff.Hint;
import dev.skiff.Side;

/**
 * What one command tells a person to try for a failure's {@link Hint}, in the flags (or, for a
 * plan, the words) that command accepts: {@code copy} says {@code --dest-tls-verify=false} where
 * {@code inspect} says {@code --tls-verify=false}. The library only names the hint (rule 6).
 */
@FunctionalInterface
public interface Advice {
    /** A command with nothing to add to any message. */
    Advice NONE = (hint, side, subject) -> null;

    /**
     * What to try, as a phrase that follows the message ("pass --tls-verify=false …"), or null when
     * the message says all. {@code side} is where the failure came from (UNKNOWN when not known),
     * {@code subject} what it concerns (a registry host, a platform, a format), or null.
     */
    String advise(Hint hint, Side side, String subject);
}
