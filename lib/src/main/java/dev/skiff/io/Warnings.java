package dev.skiff.io;

/**
 * The few things the library must tell a person while it works (a damaged blob it will not reuse,
 * a lock it waits for, leftovers it removed): one line on stderr each, never on stdout, which
 * belongs to the command's output (--json).
 */
public final class Warnings {
    private Warnings() {}

    public static void print(String line) {
        System.err.println(line);
        System.err.flush();
    }
}
