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
 * Requests written and read directly on kept-alive sockets: the HEAD a sync makes per image and
 * side ("which manifest does this tag name?"), and the few small GETs around them (the /v2/ ping,
 * a tag list). Through OkHttp such a request costs a fresh JVM about 4 ms of CPU (interceptors,
 * Kotlin, okio: code that has not been compiled yet); a request line and a few headers cost a
 * quarter of that, and a no-op sync of 200 tags makes 400 of them. A run against a plain-HTTP
 * registry then never starts OkHttp at all. The answer is read in one piece and only the headers
 * asked for are looked at, because this code runs interpreted for most of a short sync.
 *
 * <p>Only plain answers are taken: a HEAD's 200 or 404, a GET's 200, 401 or 404 with a body of
 * known length. Anything else (a redirect, a 5xx to retry, a chunked or unbounded body) and any
 * trouble on the socket returns null, and the caller sends the request again through OkHttp,
 * which knows how to handle it.
 */
final class KeptAlive {
    private static final int MAX_HEADER_BYTES = 64 * 1024;
    private static final int TIMEOUT_MILLIS = 60_000;

    /** What a request gave: its status, its header lines as they came (names matched ignoring case), its body. */
    static final class Answer {
        private static final byte[] NO_BODY = new byte[0];

        private final int code;
        private final String[] lines;
        private byte[] body = NO_BODY;

        Answer(int code, String[] lines) {
            this.code = code;
            this.lines = lines;
        }

        int code() {
            return code;
        }

        /** The body of a GET (empty for a HEAD). */
        byte[] body() {
            return body;
        }

        /** Every value of header {@code name}, trimmed, in order. */
        List<String> headers(String name) {
            List<String> values = new ArrayList<>(2);
            for (String line : lines) {
                if (isHeader(line, name)) {
                    values.add(line.substring(name.length() + 1).trim());
                }
            }
            return values;
        }

        private static boolean isHeader(String line, String name) {
            return line.length() > name.length() && line.charAt(name.length()) == ':'
                    && line.regionMatches(true, 0, name, 0, name.length());
        }

        /** The first value of header {@code name}, trimmed, or null. */
        String header(String name) {
            for (String line : lines) {
                if (isHeader(line, name)) {
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
        Answer answer = send("HEAD", base, path, headers, authorization, https, 0);
        return answer != null && (answer.code() == 200 || answer.code() == 404) ? answer : null;
    }

    /**
     * Sends {@code GET path} like {@link #head} and returns a 200, 401 or 404 answer whose body
     * (of a declared length, at most {@code maxBody} bytes) it has read, or null when OkHttp should
     * do it.
     */
    Answer get(HttpUrl base, String path, String headers, String authorization, OkHttpClient https, int maxBody) {
        Answer answer = send("GET", base, path, headers, authorization, https, maxBody);
        return answer != null && (answer.code() == 200 || answer.code() == 401 || answer.code() == 404) ? answer : null;
    }

    private Answer send(String method, HttpUrl base, String path, String headers, String authorization, OkHttpClient https, int maxBody) {
        byte[] request = request(method, path, headers, authorization);
        for (int attempt = 0; attempt < 2; attempt++) {
            Connection c = idle.pollFirst();
            boolean reused = c != null;
            try {
                if (c == null) {
                    c = Connection.open(base, https);
                }
                Answer answer = c.exchange(request, method.equals("GET"), maxBody);
                if (answer == null) {
                    c.close();
                    return null;
                }
                if (c.keepAlive) {
                    idle.offerFirst(c);
                } else {
                    c.close();
                }
                return answer;
            } catch (IOException | RuntimeException e) {
                if (c != null) {
                    c.close();
                }
                if (!reused || c.filled > 0) {
                    return null;   // a fresh connection failed, or an answer went wrong: OkHttp tries, retries and reports
                }
                // a kept-alive connection the server had closed meanwhile (not a byte came back): once more on a new one
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

    private static byte[] request(String method, String path, String headers, String authorization) {
        String auth = authorization == null ? "" : "Authorization: " + authorization + "\r\n";
        return (method + " " + path + " HTTP/1.1\r\n" + headers + auth + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }

    private static final class Connection {
        final Socket socket;
        final OutputStream out;
        final InputStream in;
        byte[] buffer = new byte[2048];
        int filled;
        int bodyStart;
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

        /**
         * The answer's status and headers (and with {@code body} its body, of a declared length up
         * to {@code maxBody}), or null when it is not plain HTTP/1.x or its body cannot be taken.
         */
        Answer exchange(byte[] request, boolean body, int maxBody) throws IOException {
            filled = 0;
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
            keepAlive = status.startsWith("HTTP/1.1") && !"close".equalsIgnoreCase(answer.header("Connection"));
            if (!body) {
                // A HEAD answer has no body, whatever Content-Length says (RFC 9110, 9.3.2); bytes
                // after it make the connection unusable for another request.
                keepAlive = keepAlive && bodyStart == filled;
                return answer;
            }
            long length = contentLength(answer);
            if (length < 0 || length > maxBody || answer.header("Transfer-Encoding") != null) {
                return null;
            }
            answer.body = readBody((int) length);
            return answer;
        }

        private static long contentLength(Answer answer) {
            try {
                String value = answer.header("Content-Length");
                return value == null ? -1 : Long.parseLong(value);
            } catch (NumberFormatException e) {
                return -1;
            }
        }

        /** The body's bytes: what came with the header, then the rest from the socket. */
        private byte[] readBody(int length) throws IOException {
            byte[] body = new byte[length];
            int have = Math.min(length, filled - bodyStart);
            System.arraycopy(buffer, bodyStart, body, 0, have);
            keepAlive = keepAlive && filled - bodyStart == length;
            while (have < length) {
                int n = in.read(body, have, length - have);
                if (n < 0) {
                    throw new IOException("connection closed " + (length - have) + " bytes before the end of a body");
                }
                have += n;
            }
            return body;
        }

        /**
         * Reads up to the empty line that ends the answer's header and returns the length before
         * it; {@code bodyStart} is where what follows begins, {@code filled} how far the buffer holds.
         */
        private int readHead() throws IOException {
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
                        bodyStart = i + 1;
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
