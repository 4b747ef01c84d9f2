package dev.skiff.registry;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Proxy;
import java.net.ProxySelector;
import java.net.Socket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/**
 * Whether a port speaks TLS, found by sending a TLS ClientHello over a plain socket and looking at
 * the first byte of the answer: a TLS server answers with a handshake (0x16) or alert (0x15)
 * record, a plain-HTTP server with text ("HTTP/1.1 400").
 *
 * <p>Why not just try: without TLS verification a registry may be plain HTTP, and the ping tries
 * https first as containers/image does. Making that try with Java's TLS stack starts the stack
 * (about 550 classes: contexts, handshake, key shares) only to learn "not TLS" — a quarter of the
 * Java threads' CPU in a 256 MiB pull from a plain-HTTP registry (docs/performance.md). This costs
 * one small exchange; no HTTP is spoken here, the registry's requests all go through
 * {@link RegistryTransport}.
 */
final class TlsSniff {
    enum Answer {
        TLS,
        NOT_TLS,
        UNKNOWN
    }

    private static final byte[] END_OF_REQUEST = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private TlsSniff() {}

    /**
     * UNKNOWN when the port cannot be reached directly (refused, a proxy in the way) or the answer
     * says nothing: the real attempt then decides. Never remembered: what listens on a port can
     * change (a registry moved to TLS, a port reused), and an answer costs one round trip.
     */
    static Answer probe(String host, int port, Duration timeout) {
        if (!direct(host, port)) {
            return Answer.UNKNOWN;
        }
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(host));
            // After the hello record, an empty line: a plain-HTTP server that waits for the end of
            // a request line then answers 400 at once. A TLS server has answered the hello record
            // before it reads these bytes.
            out.write(END_OF_REQUEST);
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first == 0x16 || first == 0x15) {
                return Answer.TLS;
            }
            // Text is a plain-HTTP server. A close says nothing: some TLS servers drop a hello
            // they dislike without an alert.
            return first >= 'A' && first <= 'z' ? Answer.NOT_TLS : Answer.UNKNOWN;
        } catch (IOException e) { // a timeout too: silence after a hello decides nothing
            return Answer.UNKNOWN;
        }
    }

    /** Only a port this JVM reaches without a proxy may be sniffed (asked with https: a proxy for it takes the hello). */
    private static boolean direct(String host, int port) {
        ProxySelector selector = ProxySelector.getDefault();
        if (selector == null) {
            return true;
        }
        String h = host.contains(":") ? "[" + host + "]" : host;
        try {
            return selector.select(URI.create("https://" + h + ":" + port + "/")).stream()
                    .allMatch(p -> p.type() == Proxy.Type.DIRECT);
        } catch (IllegalArgumentException e) {
            return false;
        }
    }

    /** A well-formed TLS 1.2/1.3 ClientHello, so that any TLS server answers it with a handshake or an alert. */
    static byte[] clientHello(String host) {
        Bytes extensions = new Bytes();
        if (!ipLiteral(host)) {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII); // server_name: not for IP literals
            extensions
                    .u16(0x0000)
                    .u16(name.length + 5)
                    .u16(name.length + 3)
                    .u8(0)
                    .u16(name.length)
                    .raw(name);
        }
        extensions.u16(0x000a).u16(6).u16(4).u16(0x001d).u16(0x0017); // supported_groups: x25519, P-256
        extensions.u16(0x000b).u16(2).u8(1).u8(0); // ec_point_formats: uncompressed
        extensions.u16(0x000d).u16(8).u16(6).u16(0x0403).u16(0x0804).u16(0x0401); // signature_algorithms
        extensions.u16(0x002b).u16(5).u8(4).u16(0x0304).u16(0x0303); // supported_versions: 1.3, 1.2

        Bytes hello = new Bytes();
        hello.u16(0x0303).raw(new byte[32]).u8(0); // version, random, no session
        hello.u16(8).u16(0x1301).u16(0x1302).u16(0xc02f).u16(0xc02b); // cipher suites
        hello.u8(1).u8(0); // no compression
        hello.u16(extensions.size()).raw(extensions.toByteArray());

        Bytes record = new Bytes();
        record.u8(0x16).u16(0x0301).u16(hello.size() + 4);
        record.u8(0x01).u8(0).u16(hello.size()).raw(hello.toByteArray());
        return record.toByteArray();
    }

    /** SNI names hosts, never addresses. */
    private static boolean ipLiteral(String host) {
        return host.contains(":") || host.chars().allMatch(c -> c == '.' || (c >= '0' && c <= '9'));
    }

    private static final class Bytes extends ByteArrayOutputStream {
        Bytes u8(int v) {
            write(v);
            return this;
        }

        Bytes u16(int v) {
            write(v >>> 8);
            write(v);
            return this;
        }

        Bytes raw(byte[] b) {
            write(b, 0, b.length);
            return this;
        }
    }
}
