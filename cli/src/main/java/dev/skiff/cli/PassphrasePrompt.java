package dev.skiff.cli;

import dev.skiff.SkiffException;
import java.io.Console;
import java.nio.charset.StandardCharsets;

/** skopeo's passphrase prompt for a key file; without a terminal, an error naming the flag that gives one. */
final class PassphrasePrompt {
    private PassphrasePrompt() {}

    static byte[] ask(String keyFile, String flag) {
        Console console = System.console();
        if (console == null) {
            throw new SkiffException("cannot prompt for a passphrase for key " + keyFile
                    + ", standard input is not a TTY: give one with " + flag);
        }
        char[] typed = console.readPassword("Passphrase for key %s: ", keyFile);
        if (typed == null) {
            throw new SkiffException("no passphrase was typed for key " + keyFile);
        }
        return new String(typed).getBytes(StandardCharsets.UTF_8);
    }
}
