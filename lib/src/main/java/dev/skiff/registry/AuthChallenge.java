package dev.skiff.registry;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One {@code WWW-Authenticate} challenge: a scheme ({@code basic} or {@code bearer}, lower case)
 * and its parameters ({@code realm}, {@code service}, {@code scope}…), keys in lower case.
 */
public record AuthChallenge(String scheme, Map<String, String> params) {
    public AuthChallenge {
        scheme = scheme.toLowerCase(Locale.ROOT);
        params = Collections.unmodifiableMap(new LinkedHashMap<>(params));
    }

    public boolean isBearer() {
        return scheme.equals("bearer");
    }

    public boolean isBasic() {
        return scheme.equals("basic");
    }

    public String param(String name) {
        return params.get(name);
    }

    /** The first bearer challenge among the headers, else the first basic one, else null. */
    public static AuthChallenge pick(List<String> headers) {
        AuthChallenge basic = null;
        for (String header : headers) {
            AuthChallenge c = parse(header);
            if (c == null) {
                continue;
            }
            if (c.isBearer()) {
                return c;
            }
            if (c.isBasic() && basic == null) {
                basic = c;
            }
        }
        return basic;
    }

    /**
     * Parses {@code Scheme k="v",k2=v2}; quoted values may contain commas and escaped quotes.
     * Returns null for an empty header.
     */
    public static AuthChallenge parse(String header) {
        if (header == null) {
            return null;
        }
        String h = header.trim();
        if (h.isEmpty()) {
            return null;
        }
        int space = h.indexOf(' ');
        String scheme = space < 0 ? h : h.substring(0, space);
        Map<String, String> params = new LinkedHashMap<>();
        int i = space < 0 ? h.length() : space + 1;
        int n = h.length();
        while (i < n) {
            while (i < n && (h.charAt(i) == ' ' || h.charAt(i) == ',')) {
                i++;
            }
            int eq = h.indexOf('=', i);
            if (eq < 0) {
                break;
            }
            String key = h.substring(i, eq).trim().toLowerCase(Locale.ROOT);
            i = eq + 1;
            StringBuilder value = new StringBuilder();
            if (i < n && h.charAt(i) == '"') {
                i++;
                while (i < n && h.charAt(i) != '"') {
                    char c = h.charAt(i);
                    if (c == '\\' && i + 1 < n) {
                        i++;
                        c = h.charAt(i);
                    }
                    value.append(c);
                    i++;
                }
                i++; // closing quote
            } else {
                while (i < n && h.charAt(i) != ',') {
                    value.append(h.charAt(i));
                    i++;
                }
            }
            params.put(key, value.toString().trim());
        }
        return new AuthChallenge(scheme, params);
    }
}
