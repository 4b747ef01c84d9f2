package dev.skiff.registry

import java.nio.charset.StandardCharsets
import java.util.concurrent.CopyOnWriteArrayList
import java.util.concurrent.CountDownLatch
import java.util.concurrent.TimeUnit

/**
 * A plain-HTTP server on 127.0.0.1 that writes exactly the bytes a spec scripts, for answers no
 * real server library produces: bare LF line ends, a body after a HEAD answer, a header block over
 * the size limit. It answers a TLS hello with a text error (as Go's server does); every request
 * goes to {@link #answer}, which returns the raw bytes to write and may close the connection (by
 * default GET /v2/ gets {@link #PING_OK}, anything else 404). It records the requests and the
 * connections, and which connections the client closed.
 */
class WireServer implements AutoCloseable {
    static class Request {
        int connection
        String method
        String path
        Map<String, String> headers
    }

    final ServerSocket socket = new ServerSocket(0, 50, InetAddress.getByName('127.0.0.1'))
    final List<Request> requests = new CopyOnWriteArrayList<>()
    /** For each accepted connection, counted down when the client closes it. */
    final List<CountDownLatch> closedByClient = new CopyOnWriteArrayList<>()
    static final String PING_OK = "HTTP/1.1 200 OK\r\nContent-Length: 2\r\nContent-Type: application/json\r\n\r\n{}"
    static final String NOT_FOUND = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n"

    /** (request) → [bytes: what to write, close: whether to close the connection after it]. */
    volatile Closure<Map> answer = { Request r -> [bytes: wire(r.path == '/v2/' ? PING_OK : NOT_FOUND)] }

    private final Thread acceptor

    WireServer() {
        acceptor = Thread.start {
            while (!socket.closed) {
                Socket s
                try {
                    s = socket.accept()
                } catch (IOException ignored) {
                    return
                }
                int id = closedByClient.size()
                closedByClient << new CountDownLatch(1)
                Thread.start { serve(s, id) }
            }
        }
    }

    String getHost() {
        "127.0.0.1:${socket.localPort}"
    }

    /** Requests that went to {@link #answer} (the ping is not one of them). */
    List<Request> getScripted() {
        requests.findAll { it.path != '/v2/' }
    }

    static byte[] wire(String text) {
        text.getBytes(StandardCharsets.ISO_8859_1)
    }

    private void serve(Socket s, int id) {
        s.withCloseable {
            def input = new BufferedInputStream(s.inputStream)
            while (true) {
                String head = readHead(input)
                if (head == null) {
                    closedByClient[id].countDown()
                    return
                }
                if (head.charAt(0) == (char) 0x16) {   // a TLS ClientHello: not spoken here
                    s.outputStream.write(wire("HTTP/1.1 400 Bad Request\r\nContent-Length: 0\r\nConnection: close\r\n\r\n"))
                    return
                }
                def lines = head.split('\r\n')
                def (method, path) = lines[0].split(' ')
                Map<String, String> headers = lines.drop(1).collectEntries { String l ->
                    int colon = l.indexOf(':')
                    [(l.substring(0, colon).trim().toLowerCase()): l.substring(colon + 1).trim()]
                }
                def request = new Request(connection: id, method: method, path: path, headers: headers)
                requests << request
                Map reply = answer(request)
                s.outputStream.write((byte[]) reply.bytes)
                s.outputStream.flush()
                if (reply.close) {
                    return
                }
            }
        }
    }

    /** The request's header up to its empty line, or null at the end of the stream. */
    private static String readHead(InputStream input) {
        def b = new ByteArrayOutputStream()
        int c
        while ((c = input.read()) >= 0) {
            b.write(c)
            byte[] so = b.toByteArray()
            int n = so.length
            if (n >= 4 && so[n - 4] == 13 && so[n - 3] == 10 && so[n - 2] == 13 && so[n - 1] == 10) {
                return new String(so, 0, n - 4, StandardCharsets.ISO_8859_1)
            }
            if (n == 1 && c == 0x16) {
                input.skip(input.available())
                return new String(so, StandardCharsets.ISO_8859_1)
            }
        }
        null
    }

    boolean clientClosed(int connection, long seconds = 5) {
        closedByClient[connection].await(seconds, TimeUnit.SECONDS)
    }

    @Override
    void close() {
        socket.close()
    }
}
