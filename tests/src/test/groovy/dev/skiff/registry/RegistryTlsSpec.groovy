package dev.skiff.registry

import dev.skiff.Hint
import dev.skiff.model.ManifestDocument
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.TestCa
import dev.skiff.rig.Tools
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.registry.DockerReference
import java.nio.file.Files
import java.nio.file.Path
import org.spockframework.runtime.model.parallel.Resources
import spock.lang.AutoCleanup
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A real docker-registry serving TLS with a certificate from a private CA made by openssl here:
 * refused without the CA, accepted with --cert-dir or the host's certs.d directory, and mutual
 * TLS ({@code http.tls.clientcas}) with client.cert/client.key.
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES)  // sets the certs.d root (CertDirs.PROPERTY) in this JVM
class RegistryTlsSpec extends Specification {
    @Shared
    Path caDir = Files.createTempDirectory('skiff-ca-')

    @Shared
    TestCa ca = TestCa.create(caDir.resolve('ca'))

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start(tls: ca)

    @Shared
    @AutoCleanup
    RegistryRig mutual = RegistryRig.start(tls: ca, clientcas: true)

    @Shared
    Path caOnly = ca.certDir(caDir.resolve('ca-only'), 'ca.crt')

    @Shared
    Path withClient = ca.certDir(caDir.resolve('with-client'), 'ca.crt', 'client.cert', 'client.key')

    @Shared
    ManifestDocument image

    @TempDir
    Path dir

    def setupSpec() {
        Path layout = caDir.resolve('layout')
        image = Images.single("oci:${layout}:v1")
        assert Cli.run('copy', '--dest-cert-dir', caOnly.toString(), "oci:${layout}:v1", registry.ref('team/app:v1')).exitCode == 0
        assert Cli.run('copy', '--dest-cert-dir', withClient.toString(), "oci:${layout}:v1", mutual.ref('team/app:v1')).exitCode == 0
    }

    def cleanupSpec() {
        caDir.toFile().deleteDir()
    }

    def "without the CA the registry's certificate is refused as a certificate problem, and no fallback to http"() {
        when:
        def result = Cli.run('inspect', '--format', '{{.Digest}}', registry.ref('team/app:v1'))

        then:
        result.exitCode == 1
        result.err.contains("TLS certificate problem with ${registry.host}")
        !result.err.contains('http://')
    }

    def "--cert-dir with the CA is accepted, and skopeo reads the same digest with the same directory"() {
        when:
        def result = Cli.run('inspect', '--cert-dir', caOnly.toString(), '--format', '{{.Digest}}', registry.ref('team/app:v1'))

        then:
        result.exitCode == 0
        result.out.trim() == image.digest().toString()
        Tools.skopeo('inspect', '--cert-dir', caOnly.toString(), '--format', '{{.Digest}}', registry.ref('team/app:v1')).trim() == result.out.trim()
    }

    def "--tls-verify=false reads the TLS registry without its CA, still over https"() {
        when:
        def result = Cli.run('inspect', '--tls-verify=false', '--debug', '--format', '{{.Digest}}', registry.ref('team/app:v1'))

        then:
        result.exitCode == 0
        result.out.trim() == image.digest().toString()
        result.err.contains("DEBUG GET https://${registry.host}/v2/team/app/manifests/v1 -> 200")
        !result.err.contains("http://${registry.host}")
    }

    def "--tls-verify=false on a plain-HTTP registry learns from its plain-HTTP answer to a TLS hello that it is not TLS, then uses http without starting Java's TLS stack"() {
        given: 'a plain docker-registry holding the image'
        RegistryRig plain = RegistryRig.start()
        Path layout = dir.resolve('layout')
        Images.single("oci:${layout}:v1")
        assert Cli.run('copy', '--dest-tls-verify=false', "oci:${layout}:v1", plain.ref('team/app:v1')).exitCode == 0
        Path classes = dir.resolve('classes.log')

        when:
        def result = Cli.exec([jvm: ["-Xlog:class+load=info:file=${classes}".toString()]],
                'inspect', '--tls-verify=false', '--debug', '--format', '{{.Digest}}', plain.ref('team/app:v1'))

        then: 'the hello answered in plain HTTP, no https attempt, and every request over http'
        result.exitCode == 0
        result.err.contains("DEBUG ${plain.host} answered a TLS hello in plain HTTP; pinging http only")
        !result.err.contains("https://${plain.host}")
        result.err.contains("DEBUG GET http://${plain.host}/v2/team/app/manifests/v1 -> 200")

        and: 'no TLS context was made (it loads some 550 classes a plain-HTTP registry never needs)'
        def loaded = Files.readAllLines(classes)
        loaded.any { it.contains(' dev.skiff.registry.TlsSniff ') }
        !loaded.any { it.contains(' sun.security.ssl.SSLContextImpl ') }

        cleanup:
        plain?.close()
    }

    def "--src-cert-dir pulls from the TLS registry into a layout"() {
        when:
        def result = Cli.run('copy', '--src-cert-dir', caOnly.toString(), registry.ref('team/app:v1'), "oci:${dir}/out:v1")

        then:
        result.exitCode == 0
        result.out.contains(image.digest().toString())
    }

    def "without --cert-dir the CA in certs.d/HOST:PORT under the certs.d root is used"() {
        given: 'a certs.d root (standing in for /etc/containers/certs.d) with a directory for this registry'
        Path root = dir.resolve('certs.d')
        ca.certDir(root.resolve(registry.host), 'ca.crt')
        System.setProperty(CertDirs.PROPERTY, root.toString())

        expect:
        CertDirs.forHost(registry.host) == root.resolve(registry.host)
        DockerReference.of("${registry.host}/team/app:v1").openSource(TransportOptions.defaults()).manifest().digest() == image.digest()

        cleanup:
        System.clearProperty(CertDirs.PROPERTY)
    }

    def "a registry that wants a client certificate refuses a client without one, saying client.cert and client.key"() {
        when:
        def result = Cli.run('inspect', '--cert-dir', caOnly.toString(), '--format', '{{.Digest}}', mutual.ref('team/app:v1'))

        then:
        result.exitCode == 1
        result.err.contains('client.cert and client.key')
    }

    def "a client without a certificate gets the client-certificate hint for that registry, and no flag in the message"() {
        when:
        RegistryClient.forRegistry(mutual.host, new TransportOptions(null, true, caOnly)).headManifest('team/app', 'v1')

        then:
        def e = thrown(RegistryException)
        e.hint() == Hint.CLIENT_CERTIFICATE
        e.subject() == mutual.host
        e.message.contains('client.cert and client.key')
        !e.message.contains('--')
    }

    def "a certificate directory that does not exist gets the cert-dir hint"() {
        when:
        RegistryClient.forRegistry(registry.host, new TransportOptions(null, true, dir.resolve('absent'))).ping()

        then:
        def e = thrown(RegistryException)
        e.hint() == Hint.CERT_DIR_INVALID
        e.subject() == registry.host
        e.message.contains("certificate directory ${dir.resolve('absent')}")
        !e.message.contains('--')
    }

    def "client.cert and client.key in --cert-dir make mutual TLS work"() {
        when:
        def result = Cli.run('inspect', '--cert-dir', withClient.toString(), '--format', '{{.Digest}}', mutual.ref('team/app:v1'))

        then:
        result.exitCode == 0
        result.out.trim() == image.digest().toString()
    }

    def "a client certificate without its key is a clear error that names the missing file"() {
        given:
        Path broken = ca.certDir(dir.resolve('broken'), 'ca.crt', 'client.cert')

        when:
        def result = Cli.run('inspect', '--cert-dir', broken.toString(), mutual.ref('team/app:v1'))

        then:
        result.exitCode == 1
        result.err.contains("client certificate ${broken.resolve('client.cert')} has no key: expected ${broken.resolve('client.key')}")
    }
}
