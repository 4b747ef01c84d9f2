package dev.skiff.auth;

import dev.skiff.SkiffException;

/** A username and password (or token). {@code toString()} never shows the secret. */
public record Credentials(String username, String password) {
    /** Parses skopeo's {@code --creds USERNAME[:PASSWORD]}; an empty password when none is given. */
    public static Credentials parse(String usernameColonPassword) {
        if (usernameColonPassword == null || usernameColonPassword.isEmpty()) {
            throw new SkiffException("invalid credentials: expected USERNAME[:PASSWORD]");
        }
        int colon = usernameColonPassword.indexOf(':');
        if (colon == 0) {
            throw new SkiffException("invalid credentials: the username is empty (expected USERNAME[:PASSWORD])");
        }
        return colon < 0
                ? new Credentials(usernameColonPassword, "")
                : new Credentials(
                        usernameColonPassword.substring(0, colon), usernameColonPassword.substring(colon + 1));
    }

    @Override
    public String toString() {
        return "Credentials[" + username + ":***]";
    }
}
