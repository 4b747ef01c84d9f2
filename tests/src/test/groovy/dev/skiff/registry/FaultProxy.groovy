package dev.skiff.registry

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import dev.skiff.rig.RegistryRig
import java.time.Duration
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import okhttp3.OkHttpClient
import okhttp3.Request
import okhttp3.RequestBody
import okhttp3.Response

/**
 * A plain-HTTP reverse proxy on a loopback address in front of a real registry, injecting the
 * faults a real registry will not make on demand. For every request the spec's {@link #fault}
 * closure sees an {@link Exchange} (method, path, query, headers, and how many requests before it
 * matched the same method and path) and returns null to forward it untouched, or a map:
 * <ul>
 * <li>{@code status}, {@code body}, {@code headers}: answer this instead (the registry never sees it);</li>
 * <li>{@code cutAfter: N}: forward, but drop the connection after N bytes of the response body;</li>
 * <li>{@code drop: true}: close the connection without an answer;</li>
 * <li>{@code dropRange: true}: forward without the request's Range header (a server that ignores ranges);</li>
 * <li>{@code addHeaders: [:]}: forward and add these response headers.</li>
 * </ul>
 * The Host header is forwarded, so the registry's Location headers name the proxy. Like a real
 * registry's plain-HTTP port (and unlike the JDK's HttpServer alone) it drops a TLS hello at once,
 * so {@code --tls-verify=false} falls back to http without waiting for the probe timeout.
 */
class FaultProxy implements AutoCloseable {
    static class Exchange {
        String method
        String path
        String query
        Map<String, String> headers
        int previous
        int status
        long at = System.nanoTime()
        Map fault

        String header(String name) { headers[name.toLowerCase()] }

        String toString() { "${method} ${path}${query ? '?' + query : ''} -> ${status}" }
    }

    final String upstream
    final String address
    private final HttpServer server
    private final ServerSocket front
    private final ExecutorService executor = Executors.newCachedThreadPool()
    private final OkHttpClient client = new OkHttpClient.Builder()
            .followRedirects(false).followSslRedirects(false).readTimeout(Duration.ofMinutes(1)).build()
    final List<Exchange> exchanges = Collections.synchronizedList([])
    volatile Closure<Map> fault = { Exchange ex -> null }

    /** A proxy on {@code address} (127.0.0.1 by default) in front of {@code upstream} ({@code http://host:port}). */
    FaultProxy(String upstream, String address = '127.0.0.1') {
        this.upstream = upstream
        this.address = address
        server = HttpServer.create(new InetSocketAddress(InetAddress.getByName(address), 0), 0)
        server.executor = executor
        server.createContext('/') { HttpExchange ex -> handle(ex) }
        server.start()
        front = new ServerSocket(0, 50, InetAddress.getByName(address))
        executor.submit { acceptLoop() }
    }

    /** Relays each connection to the HttpServer, except a TLS hello (first byte 0x16), which is dropped. */
    private void acceptLoop() {
        while (!front.closed) {
            Socket client
            try {
                client = front.accept()
            } catch (IOException closed) {
                return
            }
            executor.submit {
                client.withCloseable {
                    def clientIn = new PushbackInputStream(client.inputStream, 1)
                    int first = clientIn.read()
                    if (first < 0 || first == 0x16) {
                        return
                    }
                    clientIn.unread(first)
                    new Socket(server.address.address, server.address.port).withCloseable { inner ->
                        def up = executor.submit { pipe(clientIn, inner.outputStream); inner.shutdownOutput() }
                        pipe(inner.inputStream, client.outputStream)
                        up.cancel(true)
                    }
                }
            }
        }
    }

    private static void pipe(InputStream from, OutputStream to) {
        byte[] buffer = new byte[16384]
        try {
            int n
            while ((n = from.read(buffer)) >= 0) {
                to.write(buffer, 0, n)
                to.flush()
            }
        } catch (IOException ignored) {
            // either side closed
        }
    }

    static FaultProxy before(RegistryRig registry, String address = '127.0.0.1') {
        new FaultProxy("http://${registry.host}".toString(), address)
    }

    String getHost() { "${address}:${front.localPort}".toString() }

    String ref(String repositoryAndTag) { "docker://${host}/${repositoryAndTag}" }

    List<Exchange> seen(String method, String pathPart) {
        new ArrayList<>(exchanges).findAll { it.method == method && it.path.contains(pathPart) }
    }

    private void handle(HttpExchange ex) {
        try {
            byte[] body = ex.requestBody.readAllBytes()
            Map<String, String> headers = [:]
            ex.requestHeaders.each { k, v -> headers[k.toLowerCase()] = v[0] }
            Exchange seen
            synchronized (exchanges) {
                int previous = exchanges.count { it.method == ex.requestMethod && it.path == ex.requestURI.rawPath } as int
                seen = new Exchange(method: ex.requestMethod, path: ex.requestURI.rawPath, query: ex.requestURI.rawQuery,
                        headers: headers, previous: previous)
                exchanges << seen
            }
            Map f = fault.call(seen)
            seen.fault = f
            if (f?.drop) {
                throw new CutConnection()
            }
            if (f?.status) {
                seen.status = f.status as int
                ScriptedServer.respond(ex, f.status as int, f.body, (f.headers ?: [:]) as Map<String, String>)
                return
            }
            forward(ex, seen, body, f ?: [:])
        } catch (CutConnection cut) {
            // the JDK server closes a connection whose body came up short
        } catch (Throwable t) {
            try { ScriptedServer.respond(ex, 599, "fault proxy failed: ${t}", [:]) } catch (ignored) { }
        } finally {
            try { ex.close() } catch (IOException ignored) { }
        }
    }

    private void forward(HttpExchange ex, Exchange seen, byte[] body, Map f) {
        String url = upstream + seen.path + (seen.query ? '?' + seen.query : '')
        Request.Builder rb = new Request.Builder().url(url)
        ex.requestHeaders.each { k, values ->
            String name = k.toLowerCase()
            if (!(name in ['connection', 'content-length', 'transfer-encoding', 'keep-alive']) && !(name == 'range' && f.dropRange)) {
                values.each { rb.addHeader(k, it) }
            }
        }
        if (seen.header('accept-encoding') == null) {
            rb.header('Accept-Encoding', 'identity')
        }
        boolean hasBody = ex.requestMethod in ['POST', 'PUT', 'PATCH']
        rb.method(ex.requestMethod, hasBody ? RequestBody.create(body, null) : null)
        Response r = client.newCall(rb.build()).execute()
        r.withCloseable {
            seen.status = r.code()
            r.headers().names().each { name ->
                if (!(name.toLowerCase() in ['content-length', 'transfer-encoding', 'connection', 'keep-alive'])) {
                    r.headers(name).each { ex.responseHeaders.add(name, it) }
                }
            }
            (f.addHeaders ?: [:]).each { k, v -> ex.responseHeaders.add(k as String, v as String) }
            long length = r.body().contentLength()
            if (ex.requestMethod == 'HEAD' || r.code() == 204 || length == 0) {
                if (ex.requestMethod == 'HEAD' && length > 0) {
                    ex.responseHeaders.set('Content-Length', Long.toString(length))
                }
                ex.sendResponseHeaders(r.code(), -1)
                return
            }
            ex.sendResponseHeaders(r.code(), length > 0 ? length : 0)
            InputStream in = r.body().byteStream()
            OutputStream out = ex.responseBody
            long limit = f.cutAfter == null ? Long.MAX_VALUE : f.cutAfter as long
            byte[] buffer = new byte[16384]
            long sent = 0
            int n
            while (sent < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - sent))) > 0) {
                out.write(buffer, 0, n)
                sent += n
            }
            out.flush()
            if (sent < length || (f.cutAfter != null && length < 0)) {
                // Drop the connection mid-body: the client sees fewer bytes than Content-Length.
                throw new CutConnection()
            }
        }
    }

    /** Thrown to abandon an exchange mid-body; the JDK server then closes the connection. */
    static class CutConnection extends RuntimeException {
    }

    @Override
    void close() {
        front.close()
        server.stop(0)
        executor.shutdownNow()
        client.dispatcher().executorService().shutdown()
        client.connectionPool().evictAll()
    }
}
