package dev.skiff.transport;

import dev.skiff.name.InvalidReferenceException;
import java.util.List;

/**
 * A reference whose transport name is not registered: bad input rather than a failure, so a
 * command line treats it as a usage error and can suggest the nearest of {@link #known()}.
 */
public class UnknownTransportException extends InvalidReferenceException {
    private final String name;
    private final List<String> known;

    public UnknownTransportException(String message, String name, List<String> known) {
        super(message);
        this.name = name;
        this.known = List.copyOf(known);
    }

    /** The transport name as given. */
    public String name() {
        return name;
    }

    /** The registered transport names. */
    public List<String> known() {
        return known;
    }
}
