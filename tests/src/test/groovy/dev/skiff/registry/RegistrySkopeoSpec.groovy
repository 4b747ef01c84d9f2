package dev.skiff.registry

import dev.skiff.auth.Credentials
import dev.skiff.io.VerifyingInputStream
import dev.skiff.model.ImageManifest
import dev.skiff.rig.RegistryRig
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import dev.skiff.transport.registry.DockerReference
import groovy.json.JsonSlurper
import java.util.concurrent.TimeUnit
import spock.lang.AutoCleanup
import spock.lang.Requires
import spock.lang.Shared
import spock.lang.Specification

/** skopeo, the reference client, reads what Skiff pushed with the same digests, and the other way round. */
@Requires({ new File('/usr/bin/skopeo').canExecute() })
class RegistrySkopeoSpec extends Specification {
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start(user: 'bob', password: 's3cret')
    @Shared TransportOptions options = TransportOptions.defaults().withTlsVerify(false).withCredentials(Credentials.parse('bob:s3cret'))

    DockerReference ref(String repoAndTag) {
        (DockerReference) Transports.parse(registry.ref(repoAndTag))
    }

    static Map skopeo(String... args) {
        Process p = new ProcessBuilder(['skopeo', *args]).redirectErrorStream(false).start()
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        p.consumeProcessOutput(out, err)
        assert p.waitFor(60, TimeUnit.SECONDS): "skopeo ${args.toList()} timed out"
        p.waitForProcessOutput()
        [exit: p.exitValue(), out: out.toString('UTF-8'), err: err.toString('UTF-8')]
    }

    def "skopeo inspect reads what Skiff pushed and reports the same Digest"() {
        given:
        def image = new TinyImage()
        image.pushTo(ref('team/app:v1').openDestination(options))

        when:
        def r = skopeo('inspect', '--tls-verify=false', '--creds', registry.creds, "docker://${registry.host}/team/app:v1")

        then:
        r.exit == 0
        def json = new JsonSlurper().parseText(r.out)
        json.Digest == image.digest.toString()
        json.RepoTags == ['v1']
        json.Layers == [image.layerDescriptor.digest().toString()]
        json.Labels == [seed: ((Map) new JsonSlurper().parse(image.config)).config.Labels.seed]

        and: 'the raw manifest skopeo sees is byte for byte ours'
        def raw = skopeo('inspect', '--raw', '--tls-verify=false', '--creds', registry.creds, "docker://${registry.host}/team/app:v1")
        raw.exit == 0
        raw.out.getBytes('UTF-8') == image.manifest.raw()
    }

    def "Skiff reads what skopeo copied, with the same digests"() {
        given:
        def image = new TinyImage()
        image.pushTo(ref('team/origin:v1').openDestination(options))

        when:
        def r = skopeo('copy', '--src-tls-verify=false', '--dest-tls-verify=false', '--src-creds', registry.creds,
                '--dest-creds', registry.creds, "docker://${registry.host}/team/origin:v1", "docker://${registry.host}/team/copied:v2")
        def source = ref('team/copied:v2').openSource(options)
        def manifest = (ImageManifest) source.manifest()

        then:
        r.exit == 0
        manifest.digest() == image.digest
        manifest.blobs().every { d ->
            new VerifyingInputStream(source.openBlob(d), d).withCloseable { it.readAllBytes() } == image.blobs[d]
        }
        source.listTags() == ['v2']
    }
}
