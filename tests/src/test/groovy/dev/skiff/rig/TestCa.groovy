package dev.skiff.rig

import java.nio.file.Files
import java.nio.file.Path

/**
 * A private certificate authority made with openssl for one spec: {@code ca.crt}, a server
 * certificate for 127.0.0.1 ({@code server.crt}/{@code server.key}) and a client certificate
 * ({@code client.cert}/{@code client.key}, as a cert dir names them). EC P-256 keys, PKCS#8 PEM.
 */
class TestCa {
    final Path dir

    private TestCa(Path dir) {
        this.dir = dir
    }

    static TestCa create(Path dir) {
        Files.createDirectories(dir)
        openssl(dir, 'req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
                '-keyout', 'ca.key', '-out', 'ca.crt', '-days', '2', '-subj', '/CN=Skiff Test CA')
        leaf(dir, 'server', '/CN=127.0.0.1', 'subjectAltName=IP:127.0.0.1\nextendedKeyUsage=serverAuth\n')
        leaf(dir, 'client', '/CN=skiff-client', 'extendedKeyUsage=clientAuth\n')
        Files.move(dir.resolve('client.crt'), dir.resolve('client.cert'))
        new TestCa(dir)
    }

    Path getCaCert() { dir.resolve('ca.crt') }

    Path getServerCert() { dir.resolve('server.crt') }

    Path getServerKey() { dir.resolve('server.key') }

    Path getClientCert() { dir.resolve('client.cert') }

    Path getClientKey() { dir.resolve('client.key') }

    /** A fresh cert dir holding the given files of this CA (e.g. 'ca.crt', 'client.cert', 'client.key'). */
    Path certDir(Path target, String... files) {
        Files.createDirectories(target)
        files.each { Files.copy(dir.resolve(it), target.resolve(it)) }
        target
    }

    private static void leaf(Path dir, String name, String subject, String extensions) {
        Files.writeString(dir.resolve("${name}.ext"), extensions)
        openssl(dir, 'req', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:prime256v1', '-nodes',
                '-keyout', "${name}.key", '-out', "${name}.csr", '-subj', subject)
        openssl(dir, 'x509', '-req', '-in', "${name}.csr", '-CA', 'ca.crt', '-CAkey', 'ca.key', '-CAcreateserial',
                '-out', "${name}.crt", '-days', '2', '-extfile', "${name}.ext")
    }

    private static void openssl(Path dir, String... args) {
        Process p = new ProcessBuilder(['openssl'] + args.toList()).directory(dir.toFile()).redirectErrorStream(true).start()
        String out = p.inputStream.text
        if (p.waitFor() != 0) {
            throw new IllegalStateException("openssl ${args[0]} failed: ${out}")
        }
    }
}
