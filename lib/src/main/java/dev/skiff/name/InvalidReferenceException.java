package dev.skiff.name;

import dev.skiff.SkiffException;

/** A name, digest or transport reference that does not parse. */
public class InvalidReferenceException extends SkiffException {
    public InvalidReferenceException(String message) {
        super(message);
    }
}
