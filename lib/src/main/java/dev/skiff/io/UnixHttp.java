package dev.skiff.io;

import dev.skiff.SkiffException;
import java.io.BufferedInputStream;
import java.io.EOFException;
import java.io.FilterOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.Channels;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The few parts of HTTP/1.1 a local service's API needs (Docker's Engine API, Podman's libpod
 * API), over a unix-domain socket: one request per connection ({@code Connection: close}), a
 * request body streamed in chunks, a response body framed by Content-Length, chunks, or the end
 * of the connection. OkHttp cannot dial a unix socket without a {@link java.net.Socket} adapter
 * (Java's unix SocketChannel has none), and these APIs need nothing OkHttp adds, so this is
 * plainer than adapting it. Shared by the transports that reach a daemon ({@code docker-daemon:},
 * {@code containers-storage:}); messages name the service as the caller calls it.
 */
public final class UnixHttp {
    private static final int MAX_HEADER_LINE = 64 * 1024;
    private static final int MAX_HEADERS = 200;

    private final Path socket;
    private final String service;
    private final String whenUnreachable;

    /**
     * {@code service} names what answers in messages ("the Docker Engine API"); {@code whenUnreachable}
     * says what to do when nothing accepts the connection (it ends the message).
     */
    public UnixHttp(Path socket, String service, String whenUnreachable) {
        this.socket = socket;
        this.service = service;
        this.whenUnreachable = whenUnreachable;
    }

    public Path socket() {
        return socket;
    }

    /** Writes a request body; the stream it gets is chunk-encoded on the way out. */
    public interface Body {
        void writeTo(OutputStream out) throws IOException;
    }

    /** A response whose body is read from the still-open connection; close it to hang up. */
    public record Response(int status, String reason, Map<String, String> headers, InputStream body)
            implements AutoCloseable {
        public String header(String name) {
            return headers.get(name.toLowerCase(Locale.ROOT));
        }

        public boolean ok() {
            return status >= 200 && status < 300;
        }

        @Override
        public void close() throws IOException {
            body.close();
        }
    }

    public Response get(String path) throws IOException {
        return exchange("GET", path, null, null);
    }

    public Response post(String path, String contentType, Body body) throws IOException {
        return exchange("POST", path, contentType, body);
    }

    public Response delete(String path) throws IOException {
        return exchange("DELETE", path, null, null);
    }

    /**
     * A POST whose body the caller writes as it goes ({@link Upload#body()}), then ends with
     * {@link Upload#finish()} to read the answer, or abandons with {@link Upload#abort()}: the
     * connection is dropped mid-body, so the service sees a broken request and keeps nothing of it.
     */
    public Upload upload(String path, String contentType) throws IOException {
        SocketChannel channel = connect();
        try {
            OutputStream out = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 64 * 1024);
            out.write(head("POST", path, contentType, true).getBytes(StandardCharsets.US_ASCII));
            return new Upload(channel, out, new ChunkedOutputStream(out));
        } catch (IOException | RuntimeException e) {
            channel.close();
            throw e;
        }
    }

    /** A request body being written; see {@link #upload}. */
    public final class Upload implements AutoCloseable {
        private final SocketChannel channel;
        private final OutputStream raw;
        private final ChunkedOutputStream chunked;
        private boolean finished;

        private Upload(SocketChannel channel, OutputStream raw, ChunkedOutputStream chunked) {
            this.channel = channel;
            this.raw = raw;
            this.chunked = chunked;
        }

        /** Where the body goes; closing it does not end the request. */
        public OutputStream body() {
            return chunked;
        }

        /** Ends the body and reads the answer (the caller closes it). */
        public Response finish() throws IOException {
            finished = true;
            try {
                chunked.finish();
                raw.flush();
                return readResponse(new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024), channel);
            } catch (IOException | RuntimeException e) {
                channel.close();
                throw e;
            }
        }

        /** Drops the connection before the body ended. */
        public void abort() throws IOException {
            finished = true;
            channel.close();
        }

        /** Aborts unless finished. */
        @Override
        public void close() throws IOException {
            if (!finished) {
                abort();
            }
        }
    }

    private static String head(String method, String path, String contentType, boolean withBody) {
        StringBuilder head = new StringBuilder()
                .append(method)
                .append(' ')
                .append(path)
                .append(" HTTP/1.1\r\n")
                .append("Host: docker\r\n")
                .append("User-Agent: skiff\r\n")
                .append("Connection: close\r\n");
        if (withBody) {
            head.append("Content-Type: ").append(contentType).append("\r\n").append("Transfer-Encoding: chunked\r\n");
        }
        return head.append("\r\n").toString();
    }

    private Response exchange(String method, String path, String contentType, Body body) throws IOException {
        SocketChannel channel = connect();
        boolean handedOver = false;
        try {
            OutputStream raw = Channels.newOutputStream(channel);
            OutputStream out = new java.io.BufferedOutputStream(raw, 64 * 1024);
            out.write(head(method, path, contentType, body != null).getBytes(StandardCharsets.US_ASCII));
            if (body != null) {
                ChunkedOutputStream chunked = new ChunkedOutputStream(out);
                body.writeTo(chunked);
                chunked.finish();
            }
            out.flush();
            InputStream in = new BufferedInputStream(Channels.newInputStream(channel), 64 * 1024);
            Response response = readResponse(in, channel);
            handedOver = true;
            return response;
        } finally {
            if (!handedOver) {
                channel.close();
            }
        }
    }

    private SocketChannel connect() throws IOException {
        SocketChannel channel = SocketChannel.open(StandardProtocolFamily.UNIX);
        try {
            channel.connect(UnixDomainSocketAddress.of(socket));
            return channel;
        } catch (IOException e) {
            channel.close();
            throw new SkiffException("cannot connect to " + service + " at unix://" + socket + " (" + e.getMessage()
                    + "): " + whenUnreachable);
        }
    }

    private Response readResponse(InputStream in, SocketChannel channel) throws IOException {
        String statusLine = readLine(in);
        while (statusLine.isEmpty()) {
            statusLine = readLine(in);
        }
        String[] parts = statusLine.split(" ", 3);
        if (parts.length < 2 || !parts[0].startsWith("HTTP/1.")) {
            throw new SkiffException(
                    service + " at unix://" + socket + " did not answer with HTTP: \"" + abbreviate(statusLine) + "\"");
        }
        int status;
        try {
            status = Integer.parseInt(parts[1]);
        } catch (NumberFormatException e) {
            throw new SkiffException(
                    service + " at unix://" + socket + " sent a bad status line: \"" + abbreviate(statusLine) + "\"");
        }
        Map<String, String> headers = new LinkedHashMap<>();
        for (int n = 0; ; n++) {
            String line = readLine(in);
            if (line.isEmpty()) {
                break;
            }
            if (n >= MAX_HEADERS) {
                throw new SkiffException(
                        service + " at unix://" + socket + " sent more than " + MAX_HEADERS + " headers");
            }
            int colon = line.indexOf(':');
            if (colon > 0) {
                headers.put(
                        line.substring(0, colon).trim().toLowerCase(Locale.ROOT),
                        line.substring(colon + 1).trim());
            }
        }
        if (status == 100) {
            return readResponse(in, channel);
        }
        InputStream body;
        String transfer = headers.get("transfer-encoding");
        String length = headers.get("content-length");
        if (transfer != null && transfer.toLowerCase(Locale.ROOT).contains("chunked")) {
            body = new ChunkedInputStream(in);
        } else if (length != null) {
            body = new LimitedInputStream(in, Long.parseLong(length.trim()));
        } else {
            body = in;
        }
        return new Response(status, parts.length > 2 ? parts[2] : "", headers, new ClosingInputStream(body, channel));
    }

    private String readLine(InputStream in) throws IOException {
        StringBuilder line = new StringBuilder();
        int c;
        while ((c = in.read()) >= 0) {
            if (c == '\n') {
                int end = line.length();
                if (end > 0 && line.charAt(end - 1) == '\r') {
                    line.setLength(end - 1);
                }
                return line.toString();
            }
            if (line.length() >= MAX_HEADER_LINE) {
                throw new SkiffException(
                        service + " at unix://" + socket + " sent a header line over " + MAX_HEADER_LINE + " bytes");
            }
            line.append((char) c);
        }
        throw new EOFException(service + " at unix://" + socket + " closed the connection mid-response");
    }

    private static String abbreviate(String s) {
        return s.length() > 80 ? s.substring(0, 80) + "…" : s;
    }

    /** Chunked transfer encoding, one chunk per write. */
    private static final class ChunkedOutputStream extends FilterOutputStream {
        ChunkedOutputStream(OutputStream out) {
            super(out);
        }

        @Override
        public void write(int b) throws IOException {
            write(new byte[] {(byte) b}, 0, 1);
        }

        @Override
        public void write(byte[] b, int off, int len) throws IOException {
            if (len == 0) {
                return;
            }
            out.write((Integer.toHexString(len) + "\r\n").getBytes(StandardCharsets.US_ASCII));
            out.write(b, off, len);
            out.write(new byte[] {'\r', '\n'});
        }

        void finish() throws IOException {
            out.write("0\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
        }

        @Override
        public void close() {
            // The connection stays open for the response; finish() ends the body.
        }
    }

    /** A body stream that reads in blocks; single bytes go through the block read. */
    private abstract static class BodyStream extends InputStream {
        @Override
        public int read() throws IOException {
            byte[] one = new byte[1];
            return read(one, 0, 1) < 0 ? -1 : one[0] & 0xff;
        }
    }

    /** Decodes a chunked body; trailers are read and dropped. */
    private final class ChunkedInputStream extends BodyStream {
        private final InputStream in;
        private long remaining;
        private boolean done;

        ChunkedInputStream(InputStream in) {
            this.in = in;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (done) {
                return -1;
            }
            if (remaining == 0) {
                String size = readLine(in);
                int semi = size.indexOf(';');
                try {
                    remaining = Long.parseLong((semi < 0 ? size : size.substring(0, semi)).trim(), 16);
                } catch (NumberFormatException e) {
                    throw new SkiffException(
                            service + " at unix://" + socket + " sent a bad chunk size \"" + abbreviate(size) + "\"");
                }
                if (remaining == 0) {
                    while (!readLine(in).isEmpty()) {
                        // trailers
                    }
                    done = true;
                    return -1;
                }
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException(service + " at unix://" + socket + " closed the connection mid-body");
            }
            remaining -= n;
            if (remaining == 0) {
                readLine(in);
            }
            return n;
        }
    }

    /** A body of known length; ending early is an error, not a short body. */
    private final class LimitedInputStream extends BodyStream {
        private final InputStream in;
        private long remaining;

        LimitedInputStream(InputStream in, long length) {
            this.in = in;
            this.remaining = length;
        }

        @Override
        public int read(byte[] b, int off, int len) throws IOException {
            if (remaining == 0) {
                return -1;
            }
            int n = in.read(b, off, (int) Math.min(len, remaining));
            if (n < 0) {
                throw new EOFException(service + " at unix://" + socket + " closed the connection with " + remaining
                        + " bytes of the body unsent");
            }
            remaining -= n;
            return n;
        }
    }

    /** Closing the body hangs up the connection. */
    private static final class ClosingInputStream extends java.io.FilterInputStream {
        private final SocketChannel channel;

        ClosingInputStream(InputStream in, SocketChannel channel) {
            super(in);
            this.channel = channel;
        }

        @Override
        public void close() throws IOException {
            channel.close();
        }
    }
}
