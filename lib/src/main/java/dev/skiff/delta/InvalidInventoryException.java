package dev.skiff.delta;

import dev.skiff.SkiffException;

/** An inventory file that cannot be read as one: the message names the file and what is wrong. */
public final class InvalidInventoryException extends SkiffException {
    private final String file;

    public InvalidInventoryException(String file, String why) {
        super("inventory " + file + " cannot be used: " + why);
        this.file = file;
    }

    /** The file, as it was given. */
    public String file() {
        return file;
    }
}
