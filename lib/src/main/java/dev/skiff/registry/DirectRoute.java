package dev.skiff.registry;

import java.net.Proxy;
import java.net.ProxySelector;
import java.net.URI;

/** Whether this JVM reaches host:port without a proxy: only then may Skiff open a socket to it itself. */
final class DirectRoute {
    private DirectRoute() {
    }

    static boolean to(String host, int port) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return true;
        }
        try {
            return selector.select(URI.create("https://" + host + ":" + port + "/")).stream()
                    .allMatch(p -> p.type() == Proxy.Type.DIRECT);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }
}
