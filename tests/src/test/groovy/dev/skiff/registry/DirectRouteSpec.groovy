package dev.skiff.registry

import okhttp3.HttpUrl
import spock.lang.Specification

/** Skiff opens its own sockets only where the JVM's proxy settings say "direct", per scheme. */
class DirectRouteSpec extends Specification {
    ProxySelector before = ProxySelector.default

    def cleanup() {
        ProxySelector.default = before
    }

    def "a proxy for http only routes plain-HTTP registries through it, and leaves https direct"() {
        given: 'the selector http.proxyHost (and no https.proxyHost) gives'
        ProxySelector.default = new ProxySelector() {
            List<Proxy> select(URI uri) {
                uri.scheme == 'http' ? [new Proxy(Proxy.Type.HTTP, new InetSocketAddress('127.0.0.1', 3128))] : [Proxy.NO_PROXY]
            }

            void connectFailed(URI uri, SocketAddress sa, IOException e) {}
        }

        expect:
        !DirectRoute.to(HttpUrl.get('http://127.0.0.1:5000/'))
        DirectRoute.to(HttpUrl.get('https://127.0.0.1:5000/'))
        DirectRoute.to(HttpUrl.get('https://[::1]:5000/'))
    }

    def "without a selector every route is direct"() {
        given:
        ProxySelector.default = null

        expect:
        DirectRoute.to(HttpUrl.get('http://127.0.0.1:5000/'))
    }
}
