package dev.skiff.transport;

import java.nio.file.Path;
import java.util.function.Consumer;

/**
 * Where signatures are looked up and stored beside images that do not hold them themselves (a
 * registry's lookaside): the registries.d directory ({@code null}: {@code
 * $HOME/.config/containers/registries.d}, else {@code /etc/containers/registries.d}), and where
 * {@code --debug} lines go (null: nowhere).
 */
public record SignatureOptions(Path registriesD, Consumer<String> debug) {
    public static SignatureOptions defaults() {
        return new SignatureOptions(null, null);
    }

    public SignatureOptions withRegistriesD(Path dir) {
        return new SignatureOptions(dir, debug);
    }

    public SignatureOptions withDebug(Consumer<String> sink) {
        return new SignatureOptions(registriesD, sink);
    }

    /** Writes a debug line, if anyone listens. */
    public void debug(String line) {
        if (debug != null) {
            debug.accept(line);
        }
    }
}
