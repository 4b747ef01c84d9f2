package dev.skiff.registry;

import okhttp3.HttpUrl;

/** URLs as errors show them, and the origin rule for credentials. */
final class Urls {
    private Urls() {}

    /** The URL without query, fragment or user info: no tokens, signatures or passwords. */
    static String redact(HttpUrl url) {
        if (url == null) {
            return null;
        }
        return url.newBuilder()
                .query(null)
                .fragment(null)
                .username("")
                .password("")
                .build()
                .toString();
    }

    /** host, or host:port when the port is not the scheme's default. */
    static String hostPort(HttpUrl url) {
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port();
    }

    /** Same scheme, host and port: where credentials for one may go to the other. */
    static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }
}
