package dev.skiff.trust.policy;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;

/** The policy refused an image: the message names the image, the scope and the requirement that failed. */
public final class PolicyRefusal extends SkiffException {
    public PolicyRefusal(String message, String policyFile) {
        super(message, Hint.POLICY_REJECTED, policyFile, Side.SOURCE, null);
    }
}
