package dev.skiff.model;

import dev.skiff.SkiffException;

/** A manifest, index or config that is not what it claims to be. */
public class InvalidManifestException extends SkiffException {
    public InvalidManifestException(String message) {
        super(message);
    }
}
