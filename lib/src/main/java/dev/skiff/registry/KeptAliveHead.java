package dev.skiff.registry;

import java.io.BufferedInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLSocket;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * HEAD requests written and read directly on kept-alive sockets, for the one request a sync makes
 * per image and side ("which manifest does this tag name?"). Through OkHttp such a request costs a
 * fresh JVM about 4 ms of CPU (interceptors, Kotlin, okio: code that has not been compiled yet); a
 * request line and a few headers cost a quarter of that, and a no-op sync of 200 tags makes 400 of
 * them. Only the plain answers are taken here: 200 and 404. Anything else (401 with a new
 * challenge, a redirect, a 5xx to retry) and any trouble on the socket returns null, and the caller
 * sends the request again through OkHttp, which knows how to handle it.
 */
final class KeptAliveHead {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int TIMEOUT_MILLIS = 60_000;

    /** What the HEAD gave: its status and headers. */
    record Answer(int code, Headers headers) {
    }

    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    /**
     * Sends HEAD {@code url} with {@code headers} (and {@code authorization}, if any) and returns a
     * 200 or 404 answer, or null when OkHttp should do it. {@code https} gives the TLS settings of
     * the registry's client when the URL is https.
     */
    Answer head(HttpUrl url, Headers headers, String authorization, OkHttpClient https) {
        byte[] request = request(url, headers, authorization);
        for (int attempt = 0; attempt < 2; attempt++) {
            Connection c = idle.pollFirst();
            boolean reused = c != null;
            try {
                if (c == null) {
                    c = Connection.open(url, https);
                }
                Answer answer = c.exchange(request);
                if (answer == null) {
                    c.close();
                    return null;
                }
                if (c.keepAlive) {
                    idle.offerFirst(c);
                } else {
                    c.close();
                }
                return answer.code() == 200 || answer.code() == 404 ? answer : null;
            } catch (IOException | RuntimeException e) {
                if (c != null) {
                    c.close();
                }
                if (!reused) {
                    return null;   // a fresh connection failed: OkHttp tries, retries and reports
                }
                // a kept-alive connection the server had closed meanwhile: once more on a new one
            }
        }
        return null;
    }

    private static byte[] request(HttpUrl url, Headers headers, String authorization) {
        StringBuilder b = new StringBuilder(256);
        b.append("HEAD ").append(url.encodedPath());
        if (url.encodedQuery() != null) {
            b.append('?').append(url.encodedQuery());
        }
        b.append(" HTTP/1.1\r\nHost: ").append(hostHeader(url)).append("\r\nUser-Agent: skiff\r\n");
        for (int i = 0; i < headers.size(); i++) {
            b.append(headers.name(i)).append(": ").append(headers.value(i)).append("\r\n");
        }
        if (authorization != null) {
            b.append("Authorization: ").append(authorization).append("\r\n");
        }
        return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
    }

    private static String hostHeader(HttpUrl url) {
        String host = url.host().contains(":") ? "[" + url.host() + "]" : url.host();
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? host : host + ":" + url.port();
    }

    private static final class Connection {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        boolean keepAlive;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = new BufferedInputStream(socket.getInputStream(), 8192);
        }

        static Connection open(HttpUrl url, OkHttpClient https) throws IOException {
            Socket plain = new Socket();
            try {
                plain.setTcpNoDelay(true);
                plain.connect(new InetSocketAddress(url.host(), url.port()), TIMEOUT_MILLIS);
                plain.setSoTimeout(TIMEOUT_MILLIS);
                if (!url.isHttps()) {
                    return new Connection(plain);
                }
                // The registry's own TLS settings: its trust (CA, cert dir, or none with
                // --tls-verify=false), client certificate and host name check.
                SSLSocket tls = (SSLSocket) https.sslSocketFactory().createSocket(plain, url.host(), url.port(), true);
                tls.startHandshake();
                if (!https.hostnameVerifier().verify(url.host(), tls.getSession())) {
                    tls.close();
                    throw new IOException("host name " + url.host() + " does not match the certificate");
                }
                return new Connection(tls);
            } catch (IOException | RuntimeException e) {
                plain.close();
                throw e;
            }
        }

        /** The answer's status and headers, or null when it is not plain HTTP/1.x. */
        Answer exchange(byte[] request) throws IOException {
            out.write(request);
            out.flush();
            String status = line();
            if (status == null) {
                throw new IOException("connection closed before an answer");
            }
            if (!status.startsWith("HTTP/1.") || status.length() < 12) {
                return null;
            }
            int code = Integer.parseInt(status.substring(9, 12));
            keepAlive = status.startsWith("HTTP/1.1");
            Headers.Builder headers = new Headers.Builder();
            int total = status.length();
            for (String line = line(); line != null && !line.isEmpty(); line = line()) {
                total += line.length();
                if (total > MAX_HEADER_BYTES) {
                    return null;
                }
                int colon = line.indexOf(':');
                if (colon <= 0) {
                    return null;
                }
                String name = line.substring(0, colon).trim();
                String value = line.substring(colon + 1).trim();
                if (name.equalsIgnoreCase("Connection") && value.equalsIgnoreCase("close")) {
                    keepAlive = false;
                }
                headers.addUnsafeNonAscii(name, value);
            }
            // A HEAD answer has no body, whatever Content-Length says (RFC 9110, 9.3.2).
            return new Answer(code, headers.build());
        }

        private String line() throws IOException {
            StringBuilder b = new StringBuilder(64);
            for (int c = in.read(); c >= 0; c = in.read()) {
                if (c == '\n') {
                    int end = b.length();
                    return end > 0 && b.charAt(end - 1) == '\r' ? b.substring(0, end - 1) : b.toString();
                }
                if (b.length() >= MAX_HEADER_BYTES) {
                    throw new IOException("header line too long");
                }
                b.append((char) c);
            }
            return b.length() == 0 ? null : b.toString();
        }

        void close() {
            try {
                socket.close();
            } catch (IOException ignored) {
                // closing a connection we are giving up on
            }
        }
    }
}
