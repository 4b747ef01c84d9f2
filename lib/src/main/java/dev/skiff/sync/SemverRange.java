package dev.skiff.sync;

import dev.skiff.SkiffException;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A semantic-version range as skopeo's images-by-semver takes it (Masterminds/semver syntax):
 * comparisons ({@code >= 1.2.0}, {@code <2}, {@code != 1.3}), {@code ~1.2}, {@code ^1.2}, wildcards
 * ({@code 1.2.x}), {@code ,} or space for "and", {@code ||} for "or". Tags that are not versions
 * (optionally with a leading {@code v}) never match; pre-releases match only a range naming one.
 */
public final class SemverRange {
    private static final Pattern VERSION =
            Pattern.compile("v?(\\d+)(?:\\.(\\d+))?(?:\\.(\\d+))?(?:-([0-9A-Za-z.-]+))?(?:\\+[0-9A-Za-z.-]+)?");
    private static final Pattern CONSTRAINT = Pattern.compile(
            "(>=|<=|!=|=>|=<|>|<|=|~>|~|\\^)?\\s*(v?[0-9xX*]+(?:\\.[0-9xX*]+)?(?:\\.[0-9xX*]+)?(?:-[0-9A-Za-z.-]+)?)");

    private final String text;
    private final List<List<Bound>> alternatives;

    private record Version(long major, long minor, long patch, String pre) implements Comparable<Version> {
        @Override
        public int compareTo(Version o) {
            int c = Long.compare(major, o.major);
            if (c == 0) c = Long.compare(minor, o.minor);
            if (c == 0) c = Long.compare(patch, o.patch);
            if (c == 0) c = comparePre(pre, o.pre);
            return c;
        }

        private static int comparePre(String a, String b) {
            if (a == null || b == null) {
                return a == null ? (b == null ? 0 : 1) : -1;
            }
            return a.compareTo(b);
        }
    }

    /** One comparison against a version; a lower and an upper bound express ~, ^ and wildcards. */
    private record Bound(String op, Version v) {
        boolean test(Version x) {
            int c = x.compareTo(v);
            return switch (op) {
                case ">=" -> c >= 0;
                case ">" -> c > 0;
                case "<=" -> c <= 0;
                case "<" -> c < 0;
                case "!=" -> c != 0;
                default -> c == 0;
            };
        }
    }

    private SemverRange(String text, List<List<Bound>> alternatives) {
        this.text = text;
        this.alternatives = alternatives;
    }

    public static SemverRange parse(String text) {
        if (text == null || text.isBlank()) {
            throw new SkiffException("empty semver range: give one like \">= 1.2.0, < 2\"");
        }
        List<List<Bound>> alternatives = new ArrayList<>();
        for (String alt : text.split("\\|\\|")) {
            List<Bound> bounds = new ArrayList<>();
            String rest = alt.trim();
            Matcher m = CONSTRAINT.matcher(rest);
            int at = 0;
            while (at < rest.length()) {
                while (at < rest.length() && (rest.charAt(at) == ',' || Character.isWhitespace(rest.charAt(at)))) {
                    at++;
                }
                if (at >= rest.length()) {
                    break;
                }
                if (!m.find(at) || m.start() != at) {
                    throw new SkiffException("invalid semver range \"" + text + "\" at \"" + rest.substring(at)
                            + "\": expected comparisons like \">= 1.2.0\", \"~1.2\", \"^1\" or \"1.2.x\"");
                }
                bounds.addAll(bounds(m.group(1) == null ? "=" : m.group(1), m.group(2)));
                at = m.end();
            }
            if (bounds.isEmpty()) {
                throw new SkiffException("invalid semver range \"" + text + "\": an alternative is empty");
            }
            alternatives.add(bounds);
        }
        return new SemverRange(text, alternatives);
    }

    private static List<Bound> bounds(String op, String version) {
        String[] parts = version.replaceFirst("^v", "").split("-", 2)[0].split("\\.");
        String pre = version.contains("-") ? version.substring(version.indexOf('-') + 1) : null;
        int given = 0;
        long[] n = new long[3];
        for (int i = 0; i < parts.length && i < 3; i++) {
            if (parts[i].matches("[xX*]")) {
                break;
            }
            n[i] = Long.parseLong(parts[i]);
            given++;
        }
        Version v = new Version(n[0], n[1], n[2], pre);
        Version next = switch (given) {
            case 0 -> null;
            case 1 -> new Version(n[0] + 1, 0, 0, null);
            case 2 -> new Version(n[0], n[1] + 1, 0, null);
            default -> null;
        };
        return switch (op) {
            case "~", "~>" ->
                List.of(
                        new Bound(">=", v),
                        new Bound(
                                "<",
                                given >= 2 ? new Version(n[0], n[1] + 1, 0, null) : new Version(n[0] + 1, 0, 0, null)));
            case "^" ->
                List.of(
                        new Bound(">=", v),
                        new Bound(
                                "<",
                                n[0] > 0 || given == 1
                                        ? new Version(n[0] + 1, 0, 0, null)
                                        : n[1] > 0 || given == 2
                                                ? new Version(0, n[1] + 1, 0, null)
                                                : new Version(0, 0, n[2] + 1, null)));
            case "=" ->
                given == 0
                        ? List.of(new Bound(">=", new Version(0, 0, 0, null)))
                        : next == null ? List.of(new Bound("=", v)) : List.of(new Bound(">=", v), new Bound("<", next));
            case "=>" -> List.of(new Bound(">=", v));
            case "=<" -> List.of(new Bound("<=", v));
            case "<=" -> next == null ? List.of(new Bound("<=", v)) : List.of(new Bound("<", next));
            case ">" -> next == null ? List.of(new Bound(">", v)) : List.of(new Bound(">=", next));
            default -> List.of(new Bound(op, v));
        };
    }

    /** True when {@code tag} is a version inside the range. */
    public boolean matches(String tag) {
        Matcher m = VERSION.matcher(tag);
        if (!m.matches()) {
            return false;
        }
        Version v = new Version(
                Long.parseLong(m.group(1)),
                m.group(2) == null ? 0 : Long.parseLong(m.group(2)),
                m.group(3) == null ? 0 : Long.parseLong(m.group(3)),
                m.group(4));
        for (List<Bound> all : alternatives) {
            boolean allowsPre = all.stream().anyMatch(b -> b.v().pre() != null);
            if ((v.pre() == null || allowsPre) && all.stream().allMatch(b -> b.test(v))) {
                return true;
            }
        }
        return false;
    }

    @Override
    public String toString() {
        return text;
    }
}
