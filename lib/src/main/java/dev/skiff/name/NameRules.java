package dev.skiff.name;

/**
 * The distribution spec's rules for registry hosts, repository names and tags, as plain character loops. They
 * are checked for every request of a sync, mostly before the JIT has compiled anything, where a
 * loop costs a small part of what a regular expression does.
 */
public final class NameRules {
    private NameRules() {}

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
                return false; // empty, or a separator where letters or digits must be
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

    /**
     * A registry host as docker's reference grammar has it, with an optional port: DNS labels of
     * letters, digits and inner '-', joined by '.', or an IPv6 address in brackets.
     */
    public static boolean isHost(String s) {
        if (s == null || s.isEmpty()) {
            return false;
        }
        int end;
        if (s.charAt(0) == '[') {
            end = s.indexOf(']');
            if (end < 2) {
                return false;
            }
            for (int i = 1; i < end; i++) {
                char c = s.charAt(i);
                if (!isHexDigit(c) && c != ':') {
                    return false;
                }
            }
            end++;
        } else {
            int colon = s.indexOf(':');
            end = colon < 0 ? s.length() : colon;
            int label = 0;
            for (int i = 0; i <= end; i++) {
                if (i == end || s.charAt(i) == '.') {
                    if (i == label || s.charAt(label) == '-' || s.charAt(i - 1) == '-') {
                        return false; // an empty label, or one that starts or ends with '-'
                    }
                    label = i + 1;
                } else if (!isLetterOrDigit(s.charAt(i)) && s.charAt(i) != '-') {
                    return false;
                }
            }
        }
        if (end == s.length()) {
            return true;
        }
        if (s.charAt(end) != ':' || end + 1 == s.length()) {
            return false;
        }
        for (int i = end + 1; i < s.length(); i++) {
            if (s.charAt(i) < '0' || s.charAt(i) > '9') {
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

    private static boolean isLetterOrDigit(char c) {
        return isLowerAlnum(c) || (c >= 'A' && c <= 'Z');
    }

    private static boolean isHexDigit(char c) {
        return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f') || (c >= 'A' && c <= 'F');
    }

    private static boolean isWord(char c) {
        return isLowerAlnum(c) || (c >= 'A' && c <= 'Z') || c == '_';
    }
}
