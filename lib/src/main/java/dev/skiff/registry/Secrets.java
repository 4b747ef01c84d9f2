package dev.skiff.registry;

import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The secrets one registry client has held (passwords it looked up, tokens it was given), so that
 * every message and debug line can be scrubbed of them before it leaves the client: defence in
 * depth behind never putting them there (rule 7). Thread-safe.
 */
final class Secrets {
    /** Shorter values would scrub ordinary words out of messages. */
    private static final int MIN_PASSWORD = 4;

    private static final int MIN_TOKEN = 8;

    private final Set<String> held = ConcurrentHashMap.newKeySet();

    void addPassword(String password) {
        if (password != null && password.length() >= MIN_PASSWORD) {
            held.add(password);
        }
    }

    void addToken(String token) {
        if (token != null && token.length() >= MIN_TOKEN) {
            held.add(token);
        }
    }

    /** {@code text} with every secret held replaced by {@code ***}. */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : held) {
            out = out.replace(secret, "***");
        }
        return out;
    }
}
