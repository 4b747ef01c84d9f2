package dev.skiff;

/**
 * A failure a user can act on. The message names the input and says why it failed; it never
 * contains credentials and never names a command-line flag. What to try is a {@link Hint}, with the
 * {@link Side} it applies to and the subject (a registry host, a reference, a path) it concerns, so
 * each front can word it in its own terms.
 */
public class SkiffException extends RuntimeException {
    private final Hint hint;
    private final String subject;
    private volatile Side side;

    public SkiffException(String message) {
        this(message, Hint.NONE, null, Side.UNKNOWN, null);
    }

    public SkiffException(String message, Throwable cause) {
        this(message, Hint.NONE, null, Side.UNKNOWN, cause);
    }

    public SkiffException(String message, Hint hint) {
        this(message, hint, null, Side.UNKNOWN, null);
    }

    public SkiffException(String message, Hint hint, String subject, Side side, Throwable cause) {
        super(message, cause);
        this.hint = hint == null ? Hint.NONE : hint;
        this.subject = subject;
        this.side = side == null ? Side.UNKNOWN : side;
    }

    /** What a user could do about it; {@link Hint#NONE} when the message says all. */
    public Hint hint() {
        return hint;
    }

    /** The registry host, reference or path the hint concerns; null when it is the whole operation's. */
    public String subject() {
        return subject;
    }

    /** Which side of a copy failed; {@link Side#UNKNOWN} until the layer that knows says. */
    public Side side() {
        return side;
    }

    /**
     * Marks the side this failure came from, if nothing nearer to it did yet: the layer that knows
     * which side it works on (the copy engine, a transport opened for one side) calls it on the way out.
     */
    public SkiffException onSide(Side s) {
        if (side == Side.UNKNOWN && s != null) {
            side = s;
        }
        return this;
    }
}
