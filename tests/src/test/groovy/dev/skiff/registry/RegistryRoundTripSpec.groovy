package dev.skiff.registry

import dev.skiff.Hint
import dev.skiff.SkiffException
import dev.skiff.io.BlobVerificationException
import dev.skiff.io.VerifyingInputStream
import dev.skiff.model.Descriptor
import dev.skiff.model.ImageManifest
import dev.skiff.model.MediaType
import dev.skiff.name.Digest
import dev.skiff.rig.RegistryRig
import dev.skiff.transport.BlobMounter
import dev.skiff.transport.TagLister
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import dev.skiff.transport.registry.DockerReference
import dev.skiff.transport.registry.RegistryDestination
import dev.skiff.transport.registry.RegistrySource
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Push and pull through the docker transport against a real distribution registry (plain HTTP). */
class RegistryRoundTripSpec extends Specification {
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start()
    /** The registry speaks plain HTTP: --tls-verify=false, which falls back from https as skopeo does. */
    @Shared TransportOptions insecure = TransportOptions.defaults().withTlsVerify(false)

    DockerReference ref(String repoAndTag) {
        (DockerReference) Transports.parse(registry.ref(repoAndTag))
    }

    def "an image pushed through RegistryDestination reads back byte for byte through RegistrySource"() {
        given:
        def image = new TinyImage()
        def destination = ref('team/app:v1').openDestination(insecure)

        when:
        image.pushTo(destination)
        def source = ref('team/app:v1').openSource(insecure)
        def manifest = source.manifest()

        then: 'the client fell back to plain http'
        ((RegistrySource) source).client().baseUrl() == "http://${registry.host}/".toString()

        and: 'the manifest is the very bytes pushed'
        manifest instanceof ImageManifest
        manifest.raw() == image.manifest.raw()
        manifest.digest() == image.digest
        manifest.mediaType() == MediaType.OCI_MANIFEST

        and: 'every blob reads back verified'
        ((ImageManifest) manifest).blobs().every { d ->
            new VerifyingInputStream(source.openBlob(d), d).withCloseable { it.readAllBytes() } == image.blobs[d]
        }

        and: 'by digest too, checked against it'
        ref("team/app@${image.digest}").openSource(insecure).manifest().raw() == image.manifest.raw()
        source.manifest(image.manifest.descriptor()).raw() == image.manifest.raw()
    }

    def "HEAD tells which blobs the repository has"() {
        given:
        def image = new TinyImage()
        def destination = ref('team/head:v1').openDestination(insecure)

        expect:
        !destination.hasBlob(image.layerDescriptor)

        when:
        image.pushTo(destination)

        then:
        destination.hasBlob(image.layerDescriptor)
        destination.hasBlob(image.configDescriptor)
        !destination.hasBlob(new TinyImage().layerDescriptor)
        ((RegistryDestination) destination).client().headManifest('team/head', 'v1').get().digest() == image.digest
        !((RegistryDestination) destination).client().headManifest('team/head', 'nope').present
    }

    def "a blob is mounted from another repository of the same registry instead of copied"() {
        given:
        def image = new TinyImage()
        image.pushTo(ref('team/base:v1').openDestination(insecure))
        def destination = ref('other/derived:v1').openDestination(insecure)

        expect:
        destination instanceof BlobMounter
        !destination.hasBlob(image.layerDescriptor)

        when:
        boolean mounted = ((BlobMounter) destination).mount(image.layerDescriptor, ref('team/base:v1'))

        then:
        mounted
        destination.hasBlob(image.layerDescriptor)
        new VerifyingInputStream(ref('other/derived:v1').openSource(insecure).openBlob(image.layerDescriptor), image.layerDescriptor)
                .withCloseable { it.readAllBytes() } == image.layer
    }

    def "a mount is declined (false) for another registry, another transport, or a blob the source lacks"() {
        given:
        def destination = (BlobMounter) ref('team/mount-no:v1').openDestination(insecure)
        def blob = new TinyImage().layerDescriptor

        expect:
        !destination.mount(blob, DockerReference.of('quay.io/team/base:v1'))
        !destination.mount(blob, ref('team/absent:v1'))
    }

    def "tags are listed across Link pages"() {
        given:
        def image = new TinyImage()
        ['a', 'b', 'c', 'd', 'e'].each { tag -> image.pushTo(ref("team/tags:${tag}").openDestination(insecure)) }
        def source = ref('team/tags:a').openSource(insecure)

        expect:
        source instanceof TagLister
        ((TagLister) source).listTags().sort() == ['a', 'b', 'c', 'd', 'e']
        ((RegistrySource) source).client().listTags('team/tags', 2).sort() == ['a', 'b', 'c', 'd', 'e']
    }

    def "a manifest addressed only by digest is pushed by digest"() {
        given:
        def image = new TinyImage()
        image.blobs.each { d, bytes -> ref('team/bydigest:x').openDestination(insecure).putBlob(d, new ByteArrayInputStream(bytes)) }

        when:
        ref("team/bydigest@${image.digest}").openDestination(insecure).putManifest(image.manifest)

        then:
        ref("team/bydigest@${image.digest}").openSource(insecure).manifest().digest() == image.digest
        !((RegistrySource) ref('team/bydigest:x').openSource(insecure)).client().headManifest('team/bydigest', 'x').present
    }

    def "a destination whose digest is not the manifest's is refused before anything is written"() {
        given:
        def image = new TinyImage()
        def other = Digest.sha256('something else'.bytes)

        when:
        ref("team/wrongdigest:v1@${other}").openDestination(insecure).putManifest(image.manifest)

        then:
        def e = thrown(SkiffException)
        e.message.contains(other.toString())
        e.message.contains(image.digest.toString())
        !((RegistrySource) ref('team/wrongdigest:v1').openSource(insecure)).client().headManifest('team/wrongdigest', 'v1').present
    }

    def "a missing image is named with its registry"() {
        when:
        ref('team/app:v9').openSource(insecure).manifest()

        then:
        def e = thrown(RegistryException)
        e.message == "no image team/app:v9 in ${registry.host}".toString()
        e.status() == 404
        e.method() == 'GET'
        e.codes().contains('MANIFEST_UNKNOWN') || e.codes().contains('NAME_UNKNOWN')
        !e.retryable()
        e.url() == "http://${registry.host}/v2/team/app/manifests/v9".toString()
    }

    def "a blob whose bytes fail verification is never published"() {
        given:
        def image = new TinyImage()
        def destination = ref('team/corrupt:v1').openDestination(insecure)
        byte[] tampered = image.layer.clone()
        tampered[tampered.length - 1] ^= 0x55

        when:
        destination.putBlob(image.layerDescriptor, new VerifyingInputStream(new ByteArrayInputStream(tampered), image.layerDescriptor))

        then:
        def e = thrown(BlobVerificationException)
        e.message.contains('does not match its digest')
        !destination.hasBlob(image.layerDescriptor)
    }

    def "a blob stream shorter than its size is refused too"() {
        given:
        def image = new TinyImage()
        def destination = ref('team/short:v1').openDestination(insecure)
        byte[] cut = Arrays.copyOf(image.layer, image.layer.length - 10)

        when:
        destination.putBlob(image.layerDescriptor, new VerifyingInputStream(new ByteArrayInputStream(cut), image.layerDescriptor))

        then:
        thrown(BlobVerificationException)
        !destination.hasBlob(image.layerDescriptor)
    }

    def "with TLS verification on, a plain-HTTP registry gets a message about TLS, with the plain-HTTP hint and no flag"() {
        when:
        ref('team/app:v1').openSource(TransportOptions.defaults()).manifest()

        then:
        def e = thrown(RegistryException)
        e.message.contains('does not speak TLS')
        e.hint() == Hint.PLAIN_HTTP
        e.subject() == registry.host
        !e.message.contains('--')
        e.status() == 0
    }

    def "a registry that is not listening is named, with a hint"() {
        given:
        int port = RegistryRig.freePort()

        when:
        DockerReference.of("127.0.0.1:${port}/team/app:v1").openSource(insecure).manifest()

        then:
        def e = thrown(RegistryException)
        e.message == "cannot connect to 127.0.0.1:${port}: connection refused (is the registry running?)".toString()
        !e.retryable()

        when: 'TLS verified: no fallback, same message'
        DockerReference.of("127.0.0.1:${port}/team/app:v1").openSource(TransportOptions.defaults()).manifest()

        then:
        def e2 = thrown(RegistryException)
        e2.message == "cannot connect to 127.0.0.1:${port}: connection refused (is the registry running?)".toString()
    }

    def "the 'not found' error for a blob names the blob and repository"() {
        given:
        def d = new TinyImage().layerDescriptor

        when:
        ref('team/app:v1').openSource(insecure).openBlob(d)

        then:
        def e = thrown(RegistryException)
        e.message.startsWith("blob ${d.digest()} is not in team/app at ${registry.host}".toString())
        e.status() == 404
    }
}
