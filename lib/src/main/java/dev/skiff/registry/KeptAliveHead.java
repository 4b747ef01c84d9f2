package dev.skiff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.ConcurrentLinkedDeque;
import javax.net.ssl.SSLSocket;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;

/**
 * HEAD requests written and read directly on kept-alive sockets, for the one request a sync makes
 * per image and side ("which manifest does this tag name?"). Through OkHttp such a request costs a
 * fresh JVM about 4 ms of CPU (interceptors, Kotlin, okio: code that has not been compiled yet); a
 * request line and a few headers cost a quarter of that, and a no-op sync of 200 tags makes 400 of
 * them. The answer is read in one piece and only the headers asked for are looked at, because
 * this code runs interpreted for most of a short sync. Only the plain answers are taken: 200 and 404. Anything else (401 with a new
 * challenge, a redirect, a 5xx to retry) and any trouble on the socket returns null, and the caller
 * sends the request again through OkHttp, which knows how to handle it.
 */
final class KeptAliveHead {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int TIMEOUT_MILLIS = 60_000;

    /** What the HEAD gave: its status, and its header lines as they came (names matched ignoring case). */
    static final class Answer {
        private final int code;
        private final String[] lines;

        Answer(int code, String[] lines) {
            this.code = code;
            this.lines = lines;
        }

        int code() {
            return code;
        }

        /** The first value of header {@code name}, trimmed, or null. */
        String header(String name) {
            for (String line : lines) {
                if (line.length() > name.length() && line.charAt(name.length()) == ':'
                        && line.regionMatches(true, 0, name, 0, name.length())) {
                    return line.substring(name.length() + 1).trim();
                }
            }
            return null;
        }
    }

    private final ConcurrentLinkedDeque<Connection> idle = new ConcurrentLinkedDeque<>();

    /**
     * Sends {@code HEAD path} to {@code base}'s server with {@code headers} (complete header lines,
     * each ending in CRLF, with Host) and {@code authorization}, if any, and returns a 200 or 404
     * answer, or null when OkHttp should do it. {@code https} gives the TLS settings of the
     * registry's client when {@code base} is https.
     */
    Answer head(HttpUrl base, String path, String headers, String authorization, OkHttpClient https) {
        byte[] request = request(path, headers, authorization);
        for (int attempt = 0; attempt < 2; attempt++) {
            Connection c = idle.pollFirst();
            boolean reused = c != null;
            try {
                if (c == null) {
                    c = Connection.open(base, https);
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

    /** The Host and User-Agent lines of every request to {@code base}, with {@code more} lines after them. */
    static String fixedHeaders(HttpUrl base, String more) {
        String host = base.host().contains(":") ? "[" + base.host() + "]" : base.host();
        if (base.port() != HttpUrl.defaultPort(base.scheme())) {
            host = host + ":" + base.port();
        }
        return "Host: " + host + "\r\nUser-Agent: skiff\r\n" + more;
    }

    /** Closes the idle connections (a connection in use is closed by its user when it is done). */
    void close() {
        for (Connection c = idle.pollFirst(); c != null; c = idle.pollFirst()) {
            c.close();
        }
    }

    private static byte[] request(String path, String headers, String authorization) {
        String auth = authorization == null ? "" : "Authorization: " + authorization + "\r\n";
        return ("HEAD " + path + " HTTP/1.1\r\n" + headers + auth + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final class Connection {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        byte[] buffer = new byte[2048];
        boolean keepAlive;

        private Connection(Socket socket) throws IOException {
            this.socket = socket;
            this.out = socket.getOutputStream();
            this.in = socket.getInputStream();
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
            List<String> lines = lines(readHead());
            String status = lines.get(0);
            if (!status.startsWith("HTTP/1.") || status.length() < 12 || status.charAt(8) != ' ') {
                return null;
            }
            int code;
            try {
                code = Integer.parseInt(status.substring(9, 12));
            } catch (NumberFormatException e) {
                return null;
            }
            Answer answer = new Answer(code, lines.subList(1, lines.size()).toArray(new String[0]));
            keepAlive = keepAlive && status.startsWith("HTTP/1.1") && !"close".equalsIgnoreCase(answer.header("Connection"));
            // A HEAD answer has no body, whatever Content-Length says (RFC 9110, 9.3.2).
            return answer;
        }

        /**
         * Reads up to the empty line that ends the answer's header and returns the length before
         * it. Bytes after it (a server sending a body after all) make the connection unusable for
         * another request.
         */
        private int readHead() throws IOException {
            int filled = 0;
            while (true) {
                if (filled == buffer.length) {
                    if (buffer.length >= MAX_HEADER_BYTES) {
                        throw new IOException("answer header over " + MAX_HEADER_BYTES + " bytes");
                    }
                    buffer = Arrays.copyOf(buffer, buffer.length * 2);
                }
                int n = in.read(buffer, filled, buffer.length - filled);
                if (n < 0) {
                    throw new IOException("connection closed before a complete answer");
                }
                int from = Math.max(1, filled);
                filled += n;
                for (int i = from; i < filled; i++) {
                    if (buffer[i] == '\n' && (buffer[i - 1] == '\n' || (i >= 2 && buffer[i - 1] == '\r' && buffer[i - 2] == '\n'))) {
                        keepAlive = i + 1 == filled;
                        int end = buffer[i - 1] == '\r' ? i - 2 : i - 1;   // the LF that ends the last header line
                        return end > 0 && buffer[end - 1] == '\r' ? end - 1 : end;
                    }
                }
            }
        }

        /** The header's lines, without their CR LF or LF. */
        private List<String> lines(int length) {
            List<String> lines = new ArrayList<>(16);
            int start = 0;
            for (int i = 0; i <= length; i++) {
                if (i == length || buffer[i] == '\n') {
                    int end = i > start && buffer[i - 1] == '\r' ? i - 1 : i;
                    lines.add(new String(buffer, start, end - start, StandardCharsets.ISO_8859_1));
                    start = i + 1;
                }
            }
            return lines;
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
