package dev.skiff.trust.policy;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;

/** A policy.json or registries.d file cannot be read or is malformed; the message names the file, the line and the field. */
public final class PolicyException extends SkiffException {
    public PolicyException(String message, String file, Throwable cause) {
        super(message, Hint.POLICY_INVALID, file, Side.UNKNOWN, cause);
    }
}
