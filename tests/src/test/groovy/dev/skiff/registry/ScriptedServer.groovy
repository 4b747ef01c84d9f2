package dev.skiff.registry

import com.sun.net.httpserver.HttpExchange
import com.sun.net.httpserver.HttpServer
import com.sun.net.httpserver.HttpsConfigurator
import com.sun.net.httpserver.HttpsServer
import java.nio.file.Files
import java.nio.file.Path
import java.security.KeyStore
import java.util.concurrent.ExecutorService
import java.util.concurrent.Executors
import javax.net.ssl.KeyManagerFactory
import javax.net.ssl.SSLContext

/**
 * A scripted HTTP server on a loopback address, for faults a real registry will not produce on
 * demand. The spec sets {@link #handler}; every request is recorded (method, path, query, headers).
 * With {@code tls} it serves HTTPS with a self-signed certificate for 127.0.0.1 (made once per JVM
 * by keytool); {@link #certDir()} holds its {@code ca.crt}, as --cert-dir expects.
 */
class ScriptedServer implements AutoCloseable {
    static class Seen {
        String method
        String path
        String query
        Map<String, String> headers
        byte[] body

        String header(String name) { headers[name.toLowerCase()] }

        String toString() { "${method} ${path}${query ? '?' + query : ''}" }
    }

    final String address
    final HttpServer server
    private final ExecutorService executor = Executors.newCachedThreadPool()
    final List<Seen> requests = Collections.synchronizedList([])
    volatile Closure handler = { HttpExchange ex -> respond(ex, 404, '{"errors":[{"code":"NOT_FOUND"}]}') }

    final boolean tls

    ScriptedServer(String address = '127.0.0.1', boolean tls = false, int port = 0) {
        this.address = address
        this.tls = tls
        def bind = new InetSocketAddress(InetAddress.getByName(address), port)
        if (tls) {
            HttpsServer https = HttpsServer.create(bind, 0)
            https.httpsConfigurator = new HttpsConfigurator(Certificate.context())
            server = https
        } else {
            server = HttpServer.create(bind, 0)
        }
        server.executor = executor
        server.createContext('/') { HttpExchange ex ->
            try {
                byte[] body = ex.requestBody.readAllBytes()
                Map<String, String> headers = [:]
                ex.requestHeaders.each { k, v -> headers[k.toLowerCase()] = v[0] }
                requests << new Seen(method: ex.requestMethod, path: ex.requestURI.rawPath, query: ex.requestURI.rawQuery,
                        headers: headers, body: body)
                handler.call(ex)
            } catch (Throwable t) {
                try { respond(ex, 599, "scripted server failed: ${t}") } catch (ignored) { }
            } finally {
                ex.close()
            }
        }
        server.start()
    }

    int getPort() { server.address.port }

    String getHost() { "${address}:${port}".toString() }

    String getUrl() { "${tls ? 'https' : 'http'}://${host}".toString() }

    /** A directory with this JVM's test CA certificate as {@code ca.crt}. */
    static Path certDir() { Certificate.dir() }

    /** One self-signed certificate (SAN 127.0.0.1) per JVM, made with the JDK's keytool. */
    static class Certificate {
        private static Path dir
        private static SSLContext context

        static synchronized Path dir() {
            if (dir == null) {
                dir = Files.createTempDirectory('skiff-tls-')
                dir.toFile().deleteOnExit()
                String keytool = Path.of(System.getProperty('java.home'), 'bin', 'keytool').toString()
                run(keytool, '-genkeypair', '-keyalg', 'EC', '-groupname', 'secp256r1', '-alias', 'skiff', '-dname', 'CN=127.0.0.1',
                        '-ext', 'SAN=ip:127.0.0.1', '-validity', '2', '-keystore', dir.resolve('server.p12').toString(),
                        '-storetype', 'PKCS12', '-storepass', 'changeit', '-keypass', 'changeit')
                run(keytool, '-exportcert', '-rfc', '-alias', 'skiff', '-keystore', dir.resolve('server.p12').toString(),
                        '-storepass', 'changeit', '-file', dir.resolve('ca.crt').toString())
            }
            dir
        }

        static synchronized SSLContext context() {
            if (context == null) {
                KeyStore ks = KeyStore.getInstance('PKCS12')
                Files.newInputStream(dir().resolve('server.p12')).withCloseable { ks.load(it, 'changeit'.toCharArray()) }
                KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.defaultAlgorithm)
                kmf.init(ks, 'changeit'.toCharArray())
                context = SSLContext.getInstance('TLS')
                context.init(kmf.keyManagers, null, null)
            }
            context
        }

        private static void run(String... command) {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start()
            String out = p.inputStream.text
            if (p.waitFor() != 0) {
                throw new IllegalStateException("${command[1]} failed: ${out}")
            }
        }
    }

    List<Seen> seen(String pathPrefix) { new ArrayList<>(requests).findAll { it.path.startsWith(pathPrefix) } }

    static void respond(HttpExchange ex, int status, Object body = null, Map<String, String> headers = [:]) {
        headers.each { k, v -> ex.responseHeaders.add(k, v) }
        byte[] bytes = body == null ? new byte[0] : body instanceof byte[] ? (byte[]) body : body.toString().getBytes('UTF-8')
        if (ex.requestMethod == 'HEAD' || status == 204 || bytes.length == 0) {
            ex.sendResponseHeaders(status, -1)
        } else {
            ex.sendResponseHeaders(status, bytes.length)
            ex.responseBody.write(bytes)
        }
    }

    @Override
    void close() {
        server.stop(0)
        executor.shutdownNow()
    }
}
