package dev.skiff.layout

import java.util.concurrent.Executors

/**
 * A TCP proxy on 127.0.0.1 that passes requests through at full speed and answers slowly
 * ({@code bytesPerSecond} per connection), so a real registry's blobs take long enough to
 * interrupt a copy mid-transfer.
 */
class ThrottlingProxy implements AutoCloseable {
    final ServerSocket server = new ServerSocket(0, 50, InetAddress.getByName('127.0.0.1'))
    private final executor = Executors.newCachedThreadPool()
    private final int targetPort
    private final int bytesPerSecond

    ThrottlingProxy(int targetPort, int bytesPerSecond) {
        this.targetPort = targetPort
        this.bytesPerSecond = bytesPerSecond
        executor.submit { acceptLoop() }
    }

    String getHost() { "127.0.0.1:${server.localPort}".toString() }

    private void acceptLoop() {
        while (!server.closed) {
            Socket client
            try {
                client = server.accept()
            } catch (IOException closed) {
                return
            }
            Socket upstream = new Socket('127.0.0.1', targetPort)
            executor.submit { pump(client.inputStream, upstream.outputStream, 0, [client, upstream]) }
            executor.submit { pump(upstream.inputStream, client.outputStream, bytesPerSecond, [client, upstream]) }
        }
    }

    private static void pump(InputStream from, OutputStream to, int rate, List<Socket> sockets) {
        byte[] buffer = new byte[rate > 0 ? Math.max(1024, rate.intdiv(20)) : 65536]
        try {
            int n
            while ((n = from.read(buffer)) > 0) {
                to.write(buffer, 0, n)
                to.flush()
                if (rate > 0) {
                    Thread.sleep((long) (n * 1000L / rate))
                }
            }
        } catch (IOException | InterruptedException ignored) {
            // the other side went away
        } finally {
            sockets.each { try { it.close() } catch (IOException ignored) { } }
        }
    }

    @Override
    void close() {
        server.close()
        executor.shutdownNow()
    }
}
