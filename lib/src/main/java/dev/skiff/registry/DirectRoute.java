package dev.skiff.registry;

import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;
import okhttp3.HttpUrl;

/** Whether this JVM reaches host:port without a proxy: only then may Skiff open a socket to it itself. */
final class DirectRoute {
    private DirectRoute() {
    }

    /** Asked with the URL's own scheme: http and https may have different proxies (http.proxyHost, https.proxyHost). */
    static boolean to(HttpUrl url) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return true;
        }
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        try {
            return selector.select(URI.create(url.scheme() + "://" + host + ":" + url.port() + "/")).stream()
                    .allMatch(p -> p.type() == Proxy.Type.DIRECT);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
