package dev.skiff.rig

import groovy.json.JsonSlurper

import java.net.StandardProtocolFamily
import java.net.UnixDomainSocketAddress
import java.nio.ByteBuffer
import java.nio.channels.SocketChannel
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A real Podman (Debian's package) with its own storage: {@code --storage-driver vfs}, and
 * {@code --root}, {@code --runroot} and TMPDIR under a temp folder, so specs never touch the
 * machine's images. {@link #start()} also runs {@code podman system service} on a unix socket,
 * which speaks the Docker Engine API (what docker-daemon: uses):
 *
 * <pre>
 * {@literal @}Shared {@literal @}AutoCleanup PodmanRig podman = PodmanRig.start()
 * Cli.exec([env: [DOCKER_HOST: podman.dockerHost]], 'copy', …, 'docker-daemon:team/app:v1')
 * podman.podman('load', '-i', file)
 * podman.engineGet('/images/json')
 * </pre>
 */
class PodmanRig implements AutoCloseable {
    final Path dir
    final Path socket
    private final Process service

    private PodmanRig(Path dir, Path socket, Process service) {
        this.dir = dir
        this.socket = socket
        this.service = service
    }

    /** Storage only, no service: for {@code podman load} and {@code podman save}. */
    static PodmanRig storage() {
        new PodmanRig(Files.createTempDirectory('skiff-podman-'), null, null)
    }

    /** Storage and {@code podman system service --time=0 unix://DIR/podman.sock}, answering /_ping. */
    static PodmanRig start() {
        Path dir = Files.createTempDirectory('skiff-podman-')
        Path socket = dir.resolve('podman.sock')
        Path log = dir.resolve('service.log')
        def command = base(dir) + ['system', 'service', '--time=0', "unix://${socket}".toString()]
        def builder = new ProcessBuilder(command).redirectErrorStream(true).redirectOutput(log.toFile())
        environment(builder, dir)
        Process p = builder.start()
        def rig = new PodmanRig(dir, socket, p)
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30)
        while (System.nanoTime() < deadline) {
            if (!p.alive) {
                rig.close()
                throw new IllegalStateException("podman system service exited with ${p.exitValue()}: ${log.text}")
            }
            if (Files.exists(socket)) {
                try {
                    if (rig.engineRequest('GET', '/_ping').status == 200) {
                        return rig
                    }
                } catch (IOException ignored) {
                    // not accepting yet
                }
            }
            Thread.sleep(100)
        }
        rig.close()
        throw new IllegalStateException("podman system service did not answer on ${socket} within 30 s: ${log.text}")
    }

    private static List<String> base(Path dir) {
        ['podman', '--storage-driver', 'vfs', '--root', dir.resolve('root').toString(),
         '--runroot', dir.resolve('runroot').toString(), '--tmpdir', dir.resolve('libpod-tmp').toString()]
    }

    private static void environment(ProcessBuilder builder, Path dir) {
        Path tmp = dir.resolve('tmp')
        Files.createDirectories(tmp)
        builder.environment().put('TMPDIR', tmp.toString())
    }

    /** {@code DOCKER_HOST} for this rig's service. */
    String getDockerHost() {
        "unix://${socket}"
    }

    /** Runs the podman command on this rig's storage; fails the spec with its output when it fails. */
    String podman(String... args) {
        def builder = new ProcessBuilder(base(dir) + args.toList()).redirectErrorStream(true)
        environment(builder, dir)
        def process = builder.start()
        def text = process.inputStream.getText('UTF-8')
        if (process.waitFor() != 0) {
            throw new AssertionError("podman ${args.join(' ')} failed (exit ${process.exitValue()}):\n${text}")
        }
        text
    }

    /** The parsed JSON of an Engine API GET (e.g. {@code /images/json}) from the service. */
    Object engineGet(String path) {
        def r = engineRequest('GET', path)
        if (r.status != 200) {
            throw new AssertionError("GET ${path} answered ${r.status}: ${r.body}")
        }
        new JsonSlurper().parseText(r.body)
    }

    /** A plain HTTP/1.0 request over the socket (no chunking in the answer), independent of Skiff's client. */
    Map engineRequest(String method, String path) {
        SocketChannel.open(StandardProtocolFamily.UNIX).withCloseable { channel ->
            channel.connect(UnixDomainSocketAddress.of(socket))
            channel.write(ByteBuffer.wrap("${method} ${path} HTTP/1.0\r\nHost: podman\r\n\r\n".toString().getBytes('US-ASCII')))
            def out = new ByteArrayOutputStream()
            def buffer = ByteBuffer.allocate(65536)
            while (channel.read(buffer) >= 0) {
                buffer.flip()
                out.write(buffer.array(), 0, buffer.limit())
                buffer.clear()
            }
            String text = out.toString('UTF-8')
            int split = text.indexOf('\r\n\r\n')
            String head = split < 0 ? text : text.substring(0, split)
            [status: head.split(' ')[1] as int, body: split < 0 ? '' : text.substring(split + 4)]
        }
    }

    @Override
    void close() {
        if (service != null && service.alive) {
            service.destroy()
            if (!service.waitFor(10, TimeUnit.SECONDS)) {
                service.destroyForcibly()
                service.waitFor(5, TimeUnit.SECONDS)
            }
        }
        // vfs layers are plain folders (no mounts), so deleting the rig's folder removes its storage.
        dir.toFile().deleteDir()
    }
}
