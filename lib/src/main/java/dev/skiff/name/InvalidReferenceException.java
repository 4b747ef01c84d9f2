package dev.skiff.name;

import dev.skiff.SkiffException;

/** A name, digest or transport reference that does not parse; its message never holds user-info from the input. */
public class InvalidReferenceException extends SkiffException {
    public InvalidReferenceException(String message) {
        super(UserInfo.redact(message));
    }
}
