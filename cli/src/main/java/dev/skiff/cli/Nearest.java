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
            int d = dev.skiff.EditDistance.between(typed, c);
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
}
