package dev.skiff.transport;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;

/** A destination cannot store the signatures a copy would carry; raised before anything is written. */
public final class SignatureRefusal extends SkiffException {
    public SignatureRefusal(String message, String subject) {
        super(message, Hint.SIGNATURES_UNSUPPORTED, subject, Side.DESTINATION, null);
    }
}
