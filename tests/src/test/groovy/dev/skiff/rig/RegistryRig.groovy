package dev.skiff.rig

import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit

/**
 * A real CNCF distribution registry ({@code docker-registry serve}, Debian's package) on a free
 * 127.0.0.1 port, with its own storage directory and generated config. For a spec:
 *
 * <pre>
 * {@literal @}Shared {@literal @}AutoCleanup RegistryRig registry = RegistryRig.start()
 * {@literal @}Shared {@literal @}AutoCleanup RegistryRig secured = RegistryRig.start(user: 'bob', password: 's3cret')
 * </pre>
 *
 * or call {@link #stop()} in {@code cleanupSpec}. Options: {@code user}/{@code password} (htpasswd
 * auth; bcrypt made by {@code htpasswd -B} when apache2-utils is installed, else by python3's crypt),
 * {@code delete} (storage.delete.enabled, default true), {@code tls} (a {@link TestCa}: serve HTTPS
 * with its server certificate), {@code clientcas} (with tls: require a client certificate
 * signed by that CA, {@code http.tls.clientcas}), {@code token} (a {@link TokenIssuer}: bearer
 * tokens from it, {@code auth: token:} with its certificate as rootcertbundle) and {@code accessLog}
 * (request lines in {@link #log()}, see {@link #requests()}; default off).
 */
class RegistryRig implements AutoCloseable {
    static final String BINARY = System.getenv('SKIFF_DOCKER_REGISTRY') ?: '/usr/bin/docker-registry'

    final String host
    final int port
    final Path dir
    final String user
    final String password
    private final Process process

    private RegistryRig(int port, Path dir, Process process, String user, String password) {
        this.port = port
        this.host = "127.0.0.1:${port}".toString()
        this.dir = dir
        this.process = process
        this.user = user
        this.password = password
    }

    static RegistryRig start(Map options = [:]) {
        Path dir = Files.createTempDirectory('skiff-registry-')
        String user = options.user
        String password = options.password
        boolean delete = options.containsKey('delete') ? options.delete as boolean : true
        TokenIssuer token = options.token as TokenIssuer
        boolean accessLog = options.accessLog as boolean
        if (user) {
            Files.writeString(dir.resolve('htpasswd'), htpasswdLine(user, password ?: '') + '\n')
        }
        Exception last = null
        for (int attempt = 0; attempt < 3; attempt++) {
            int port = freePort()
            Path configFile = dir.resolve('config.yml')
            Files.writeString(configFile, withTls(configText(dir, port, user != null, delete, accessLog), options) + (token ? tokenAuthText(token) : ''))
            Path log = dir.resolve('registry.log')
            Process p = new ProcessBuilder(BINARY, 'serve', configFile.toString())
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .start()
            try {
                options.tls ? waitUntilListening(p, port, log) : waitUntilAnswering(p, port, log)
                return new RegistryRig(port, dir, p, user, password)
            } catch (Exception e) {
                last = e
                p.destroyForcibly()
                p.waitFor(5, TimeUnit.SECONDS)
            }
        }
        dir.toFile().deleteDir()
        throw new IllegalStateException("docker-registry did not start: ${last?.message}", last)
    }

    /** A 127.0.0.1 port nothing listens on (at the moment of asking). */
    static int freePort() {
        new ServerSocket(0, 1, InetAddress.getByName('127.0.0.1')).withCloseable { it.localPort }
    }

    /** {@code docker://HOST/repository} for this registry. */
    String ref(String repositoryAndTag) {
        "docker://${host}/${repositoryAndTag}"
    }

    String getCreds() {
        user ? "${user}:${password}" : null
    }

    String log() {
        Path log = dir.resolve('registry.log')
        Files.exists(log) ? Files.readString(log) : ''
    }

    boolean isRunning() {
        process.alive
    }

    void stop() {
        if (process.alive) {
            process.destroy()
            if (!process.waitFor(5, TimeUnit.SECONDS)) {
                process.destroyForcibly()
                process.waitFor(5, TimeUnit.SECONDS)
            }
        }
        dir.toFile().deleteDir()
    }

    @Override
    void close() {
        stop()
    }

    @Override
    String toString() {
        "RegistryRig[${host}${user ? ', htpasswd user ' + user : ''}]"
    }

    /** Request lines ({@code "GET /v2/… HTTP/1.1"}) the registry logged, for a rig started with accessLog. */
    List<String> requests() {
        log().readLines().findAll { it.contains('"GET /v2/') || it.contains('"HEAD /v2/') || it.contains('"PUT /v2/')
                || it.contains('"POST /v2/') || it.contains('"PATCH /v2/') || it.contains('"DELETE /v2/') }
    }

    private static String configText(Path dir, int port, boolean auth, boolean delete, boolean accessLog = false) {
        String text = """\
            version: 0.1
            log:
              level: warn
              accesslog:
                disabled: ${!accessLog}
            storage:
              filesystem:
                rootdirectory: ${dir.resolve('data')}
              delete:
                enabled: ${delete}
            http:
              addr: 127.0.0.1:${port}
            # distribution refuses manifests with foreign-layer urls unless they are allowed
            validation:
              manifests:
                urls:
                  allow:
                    - ^https?://
            """.stripIndent()
        if (auth) {
            text += """\
            auth:
              htpasswd:
                realm: skiff-test
                path: ${dir.resolve('htpasswd')}
            """.stripIndent()
        }
        text
    }

    /** Adds {@code http.tls} (and {@code clientcas}) for the {@code tls} option's {@link TestCa}. */
    private static String withTls(String config, Map options) {
        TestCa ca = options.tls as TestCa
        if (ca == null) {
            return config
        }
        String tls = "  tls:\n    certificate: ${ca.serverCert}\n    key: ${ca.serverKey}\n"
        if (options.clientcas) {
            tls += "    clientcas:\n      - ${ca.caCert}\n"
        }
        config.replaceFirst(/(?m)^(  addr: .*\n)/, '$1' + java.util.regex.Matcher.quoteReplacement(tls))
    }

    /** For TLS (where a plain probe cannot answer): the port accepts connections and the process lives. */
    private static void waitUntilListening(Process p, int port, Path log) {
        waitUntil(p, port, log, 'listen') {
            new Socket('127.0.0.1', port).close()
            true
        }
    }

    private static String tokenAuthText(TokenIssuer issuer) {
        """\
        auth:
          token:
            realm: ${issuer.realm}
            service: ${TokenIssuer.SERVICE}
            issuer: ${TokenIssuer.ISSUER}
            rootcertbundle: ${issuer.certificate}
        """.stripIndent()
    }

    private static void waitUntilAnswering(Process p, int port, Path log) {
        waitUntil(p, port, log, 'answer') {
            HttpURLConnection c = (HttpURLConnection) new URL("http://127.0.0.1:${port}/v2/").openConnection()
            c.connectTimeout = 500
            c.readTimeout = 1000
            int code = c.responseCode
            c.disconnect()
            code == 200 || code == 401
        }
    }

    private static void waitUntil(Process p, int port, Path log, String what, Closure<Boolean> ready) {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20)
        while (System.nanoTime() < deadline) {
            if (!p.alive) {
                throw new IllegalStateException("docker-registry exited with ${p.exitValue()}: ${Files.exists(log) ? Files.readString(log) : ''}")
            }
            try {
                if (ready()) {
                    return
                }
            } catch (IOException ignored) {
                // not yet listening
            }
            Thread.sleep(50)
        }
        throw new IllegalStateException("docker-registry did not ${what} on 127.0.0.1:${port} within 20 s")
    }

    /** {@code user:bcrypt} with a low cost, so each authenticated request stays fast. */
    static String htpasswdLine(String user, String password) {
        if (onPath('htpasswd')) {
            Process p = new ProcessBuilder('htpasswd', '-nbB', '-C', '5', user, password).redirectErrorStream(true).start()
            String out = p.inputStream.text.trim()
            if (p.waitFor() == 0 && out.startsWith(user + ':')) {
                return out.readLines()[0]
            }
        }
        Process p = new ProcessBuilder('python3', '-W', 'ignore', '-c',
                'import crypt,sys; print(crypt.crypt(sys.argv[1], crypt.mksalt(crypt.METHOD_BLOWFISH, rounds=32)))', password)
                .redirectErrorStream(true).start()
        String hash = p.inputStream.text.trim()
        if (p.waitFor() != 0 || !hash.startsWith('$2')) {
            throw new IllegalStateException("cannot make a bcrypt hash for htpasswd: install apache2-utils (htpasswd) or python3 with crypt: ${hash}")
        }
        "${user}:${hash}"
    }

    private static boolean onPath(String command) {
        System.getenv('PATH')?.split(File.pathSeparator)?.any { Files.isExecutable(Path.of(it, command)) }
    }
}
