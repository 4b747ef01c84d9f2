package dev.skiff.registry;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import okhttp3.HttpUrl;

/**
 * Whether a port speaks TLS, found by sending a TLS ClientHello over a plain socket and looking at
 * the first byte of the answer: a TLS server answers with a handshake (0x16) or alert (0x15)
 * record, a plain-HTTP server with text ("HTTP/1.1 400"), or by waiting for the rest of a request
 * line that never comes (which a TLS server never does after a hello).
 *
 * <p>Without TLS verification a registry may be plain HTTP, and the ping tries https first as
 * containers/image does. Making that first try with Java's TLS stack loads about 550 classes
 * (handshake, ciphers, curves) only to learn "not TLS" — a third of a short command's start on a
 * plain-HTTP registry. This answer costs one small exchange; the TLS stack is only started for a
 * server that speaks TLS.
 */
final class TlsSniff {
    enum Answer { TLS, NOT_TLS, UNKNOWN }

    private static final byte[] END_OF_REQUEST = "\r\n\r\n".getBytes(StandardCharsets.US_ASCII);

    private TlsSniff() {
    }

    /**
     * UNKNOWN when the port cannot be reached directly (refused, a proxy in the way): let the real
     * attempt say. Asked anew by every client, never remembered: what listens on a port can change
     * (a registry moved to TLS, a port reused), and an answer costs one round trip.
     */
    static Answer probe(HttpUrl url, Duration timeout) {
        if (!DirectRoute.to(url)) {
            return Answer.UNKNOWN;
        }
        String host = url.host();
        int port = url.port();
        try (Socket socket = new Socket()) {
            socket.connect(new InetSocketAddress(host, port), (int) timeout.toMillis());
            socket.setSoTimeout((int) timeout.toMillis());
            OutputStream out = socket.getOutputStream();
            out.write(clientHello(host));
            // After the hello record, an empty line: a plain-HTTP server that waits for the end of
            // a request line (Java's does) then answers 400 at once, where it would wait out the
            // timeout. A TLS server has answered the hello record before it reads these bytes.
            out.write(END_OF_REQUEST);
            out.flush();
            InputStream in = socket.getInputStream();
            int first = in.read();
            if (first == 0x16 || first == 0x15) {
                return Answer.TLS;
            }
            // Text ("HTTP/1.1 400 Bad Request") is a plain-HTTP server. A close says nothing: some
            // TLS servers (Java's) drop a hello they dislike without an alert.
            return first >= 'A' && first <= 'z' ? Answer.NOT_TLS : Answer.UNKNOWN;
        } catch (java.net.SocketTimeoutException e) {
            return Answer.NOT_TLS;   // silent after a hello: what the https attempt would wait out, too
        } catch (IOException e) {
            return Answer.UNKNOWN;
        }
    }

    /** A well-formed TLS 1.2/1.3 ClientHello, so that any TLS server answers it with a handshake or an alert. */
    static byte[] clientHello(String host) {
        Bytes extensions = new Bytes();
        if (!host.isEmpty() && !Character.isDigit(host.charAt(host.length() - 1)) && !host.contains(":")) {
            byte[] name = host.getBytes(StandardCharsets.US_ASCII);   // server_name: not for IP literals
            extensions.u16(0x0000).u16(name.length + 5).u16(name.length + 3).u8(0).u16(name.length).raw(name);
        }
        extensions.u16(0x000a).u16(6).u16(4).u16(0x001d).u16(0x0017);            // supported_groups: x25519, P-256
        extensions.u16(0x000b).u16(2).u8(1).u8(0);                               // ec_point_formats: uncompressed
        extensions.u16(0x000d).u16(8).u16(6).u16(0x0403).u16(0x0804).u16(0x0401); // signature_algorithms
        extensions.u16(0x002b).u16(5).u8(4).u16(0x0304).u16(0x0303);             // supported_versions: 1.3, 1.2

        Bytes hello = new Bytes();
        hello.u16(0x0303).raw(new byte[32]).u8(0);                               // version, random, no session
        hello.u16(8).u16(0x1301).u16(0x1302).u16(0xc02f).u16(0xc02b);            // cipher suites
        hello.u8(1).u8(0);                                                       // no compression
        hello.u16(extensions.size()).raw(extensions.toByteArray());

        Bytes record = new Bytes();
        record.u8(0x16).u16(0x0301).u16(hello.size() + 4);
        record.u8(0x01).u8(0).u16(hello.size()).raw(hello.toByteArray());
        return record.toByteArray();
    }

    private static final class Bytes extends java.io.ByteArrayOutputStream {
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
