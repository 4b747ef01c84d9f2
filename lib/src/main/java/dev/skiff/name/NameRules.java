package dev.skiff.name;

/**
 * The distribution spec's rules for repository names and tags, as plain character loops. They
 * are checked for every request of a sync, mostly before the JIT has compiled anything, where a
 * loop costs a small part of what a regular expression does.
 */
public final class NameRules {
    private NameRules() {
    }

    /** {@code [a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/ the same)*}: path components joined by '/'. */
    public static boolean isRepository(String s) {
        if (s == null) {
            return false;
        }
        int start = 0;
        for (int slash = s.indexOf('/'); slash >= 0; slash = s.indexOf('/', start)) {
            if (!isComponent(s, start, slash)) {
                return false;
            }
            start = slash + 1;
        }
        return isComponent(s, start, s.length());
    }

    /** One path component, {@code s[from, to)}: {@code [a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*}. */
    private static boolean isComponent(String s, int from, int to) {
        int i = from;
        while (true) {
            int run = i;
            while (i < to && isLowerAlnum(s.charAt(i))) {
                i++;
            }
            if (i == run) {
                return false;              // empty, or a separator where letters or digits must be
            }
            if (i == to) {
                return true;
            }
            char c = s.charAt(i);
            if (c == '.') {
                i++;
            } else if (c == '_') {
                i += i + 1 < to && s.charAt(i + 1) == '_' ? 2 : 1;
            } else if (c == '-') {
                while (i < to && s.charAt(i) == '-') {
                    i++;
                }
            } else {
                return false;
            }
        }
    }

    /** {@code [\w][\w.-]{0,127}}: up to 128 characters, not starting with '.' or '-'. */
    public static boolean isTag(String s) {
        if (s == null || s.isEmpty() || s.length() > 128 || !isWord(s.charAt(0))) {
            return false;
        }
        for (int i = 1; i < s.length(); i++) {
            char c = s.charAt(i);
            if (!isWord(c) && c != '.' && c != '-') {
                return false;
            }
        }
        return true;
    }

    /** Exactly {@code length} lowercase hex digits. */
    static boolean isLowerHex(String s, int length) {
        if (s == null || s.length() != length) {
            return false;
        }
        for (int i = 0; i < length; i++) {
            char c = s.charAt(i);
            if (!(c >= '0' && c <= '9') && !(c >= 'a' && c <= 'f')) {
                return false;
            }
        }
        return true;
    }

    private static boolean isLowerAlnum(char c) {
        return (c >= 'a' && c <= 'z') || (c >= '0' && c <= '9');
    }

    private static boolean isWord(char c) {
        return isLowerAlnum(c) || (c >= 'A' && c <= 'Z') || c == '_';
    }
}
