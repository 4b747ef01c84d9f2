package dev.skiff.name;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Keeps credentials written into a reference ({@code docker://alice:PASSWORD@host/repo}) out of
 * messages: image references have no user-info, so such text is always a mistake, and a message
 * that quotes the input must not quote the password with it.
 */
public final class UserInfo {
    private static final Pattern TOKEN = Pattern.compile("[^\\s\"'`]+");

    private UserInfo() {}

    /**
     * {@code text} with the user-info of every URL-like token replaced by {@code ***}: what comes
     * before an {@code @} in a token's authority part (after any {@code scheme://}, up to the first
     * {@code /}), unless that {@code @} starts a digest ({@code repo@sha256:…}) or an archive's
     * image index ({@code docker-archive:x.tar:@1}, "holds 2 images (@0 to @1)"), or ends a store
     * specifier's driver ({@code containers-storage:[vfs@/var/lib/containers]…}), or nothing
     * stands before it.
     */
    public static String redact(String text) {
        if (text == null || text.indexOf('@') < 0) {
            return text;
        }
        Matcher m = TOKEN.matcher(text);
        StringBuilder out = new StringBuilder(text.length());
        while (m.find()) {
            m.appendReplacement(out, Matcher.quoteReplacement(redactToken(m.group())));
        }
        m.appendTail(out);
        return out.toString();
    }

    private static String redactToken(String token) {
        int scheme = token.indexOf("://");
        int start = scheme < 0 ? 0 : scheme + 3;
        int slash = token.indexOf('/', start);
        int end = slash < 0 ? token.length() : slash;
        for (int at = token.lastIndexOf('@', end - 1); at >= start; at = token.lastIndexOf('@', at - 1)) {
            String userInfo = token.substring(start, at);
            if (!userInfo.isEmpty()
                    && !userInfo.endsWith(":")
                    && !userInfo.contains("[")
                    && !startsDigest(token, at + 1)
                    && !startsIndex(token, at + 1)) {
                return token.substring(0, start) + "***" + token.substring(at);
            }
        }
        return token;
    }

    /** Digits ending the token or followed by punctuation other than a host's dot or port colon: {@code @N}. */
    private static boolean startsIndex(String token, int from) {
        int i = from;
        while (i < token.length() && Character.isDigit(token.charAt(i))) {
            i++;
        }
        if (i == from) {
            return false;
        }
        if (i == token.length()) {
            return true;
        }
        char next = token.charAt(i);
        return next != '.' && next != ':' && !Character.isLetterOrDigit(next) && next != '-';
    }

    private static boolean startsDigest(String token, int from) {
        String rest = token.substring(from).toLowerCase(java.util.Locale.ROOT);
        return rest.startsWith("sha256:") || rest.startsWith("sha512:");
    }
}
