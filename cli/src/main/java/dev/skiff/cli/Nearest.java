package dev.skiff.cli;

import java.util.Collection;

/**
 * The word of a list nearest to a mistyped one, by edit distance (Levenshtein), as "did you mean"
 * suggests: only when it is near enough to be the likely intent (at most a third of its length
 * changed, and at most 3 edits), so an unrelated word gets no suggestion.
 */
final class Nearest {
    private Nearest() {}

    static String to(String typed, Collection<String> candidates) {
        String best = null;
        int bestDistance = Integer.MAX_VALUE;
        for (String c : candidates) {
            int d = distance(typed, c);
            if (d < bestDistance) {
                best = c;
                bestDistance = d;
            }
        }
        if (best == null) {
            return null;
        }
        int allowed = Math.min(3, Math.max(1, Math.max(typed.length(), best.length()) / 3));
        // a prefix of a flag ("--digest" for "--digestfile") is a likely intent however short
        boolean prefix = typed.length() >= 4 && best.startsWith(typed);
        return bestDistance <= allowed || prefix ? best : null;
    }

    static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
