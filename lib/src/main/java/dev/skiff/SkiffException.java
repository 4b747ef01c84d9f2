package dev.skiff;

/**
 * A failure a user can act on. The message names the input, says why it failed and, where there
 * is one, what to try; it never contains credentials. Commands print it as it is.
 */
public class SkiffException extends RuntimeException {
    public SkiffException(String message) {
        super(message);
    }

    public SkiffException(String message, Throwable cause) {
        super(message, cause);
    }
}
