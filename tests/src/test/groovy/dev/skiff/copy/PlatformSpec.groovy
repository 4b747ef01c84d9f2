package dev.skiff.copy

import dev.skiff.model.ImageIndex
import dev.skiff.model.ImageManifest
import dev.skiff.model.LayerType
import dev.skiff.model.ManifestDocument
import dev.skiff.model.MediaType
import dev.skiff.name.Digest
import dev.skiff.rig.Cli
import dev.skiff.rig.Handmade
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.transport.Transports
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Choosing platforms as skopeo does (--override-*, --multi-arch), and what skopeo does not do well:
 * --platform copies some children of an index into a new index, nested indexes and attestation
 * manifests included. Foreign layers travel by reference.
 */
class PlatformSpec extends Specification {
    static final Map ATTESTATION = ['vnd.docker.reference.type': 'attestation-manifest']

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    static ManifestDocument read(String ref, Closure<ManifestDocument> pick = { it.manifest() }) {
        Transports.parse(ref).openSource(Images.PLAIN_HTTP).withCloseable(pick)
    }

    /** One small image per platform, with uncompressed layers when asked. */
    static ManifestDocument image(Handmade made, String platform, boolean compressed = true) {
        def parts = platform.split('/')
        def plain = Handmade.tar("file-${parts[1]}", platform)
        def layer = compressed ? made.blob(MediaType.OCI_LAYER_GZIP, Handmade.gzip(plain)) : made.blob(MediaType.OCI_LAYER, plain)
        made.child(made.manifest(MediaType.OCI_MANIFEST, Handmade.config([architecture: parts[1], os: parts[0]], [plain]), [layer]))
    }

    /** A BuildKit-style attestation: an OCI manifest of in-toto layers, listed as unknown/unknown. */
    static Map attestation(Handmade made, ManifestDocument subject) {
        def statement = made.blob('application/vnd.in-toto+json', """{"subject":"${subject.digest()}"}""".bytes)
        def m = made.child(made.manifest(MediaType.OCI_MANIFEST, [architecture: 'unknown', os: 'unknown', config: [:],
                rootfs: [type: 'layers', diff_ids: []]], [statement]))
        Handmade.entry(m, 'unknown/unknown', ATTESTATION + ['vnd.docker.reference.digest': subject.digest().toString()])
    }

    /** amd64, arm64 and s390x images, each followed by its attestation. */
    ManifestDocument attestedIndex(String ref, boolean compressed = true) {
        def made = new Handmade(ref)
        def entries = []
        ['linux/amd64', 'linux/arm64', 'linux/s390x'].each { p ->
            def img = image(made, p, compressed)
            entries << Handmade.entry(img, p)
            entries << attestation(made, img)
        }
        made.top(Handmade.index(MediaType.OCI_INDEX, entries))
    }

    /** skopeo 1.9.3 does not print LayersData; everything else must be equal. */
    static Map withoutLayersData(Map inspect) {
        inspect.findAll { k, v -> k != 'LayersData' }
    }

    def "--override-arch chooses the arm64 image in copy and inspect, as skopeo does"() {
        given:
        def index = Images.multi("oci:${dir}/src:multi") as ImageIndex
        def arm = index.manifests().find { it.platform().architecture() == 'arm64' }

        when:
        def copy = Cli.run('copy', '--override-arch', 'arm64', "oci:${dir}/src:multi", "oci:${dir}/out:arm")
        def inspect = Cli.run('inspect', '--override-arch', 'arm64', "oci:${dir}/src:multi")
        def skopeo = new JsonSlurper().parseText(Tools.skopeo('--override-arch', 'arm64', 'inspect', "oci:${dir}/src:multi"))

        then:
        copy.exitCode == 0
        copy.out.contains("${arm.digest()} (linux/arm64")
        read("oci:${dir}/out:arm").digest() == arm.digest()
        inspect.exitCode == 0
        withoutLayersData(new JsonSlurper().parseText(inspect.out)) == skopeo
        skopeo.Architecture == 'arm64'
    }

    def "an os/arch the index does not have is an error that lists what it has"() {
        given:
        Images.multi("oci:${dir}/src:multi")

        when:
        def copy = Cli.run('copy', '--override-arch', 'riscv64', "oci:${dir}/src:multi", "oci:${dir}/out:x")
        def inspect = Cli.run('inspect', '--override-os', 'windows', "oci:${dir}/src:multi")

        then:
        copy.exitCode == 1
        copy.err.contains('no image for linux/riscv64')
        copy.err.contains('linux/amd64, linux/arm64')
        inspect.exitCode == 1
        inspect.err.contains('no image for windows/amd64')
        !Files.exists(dir.resolve('out/index.json'))
    }

    def "--multi-arch all keeps the index digest; index-only writes the index without its images"() {
        given:
        def index = Images.multi("oci:${dir}/src:multi") as ImageIndex

        when:
        def all = Cli.run('copy', '--multi-arch', 'all', "oci:${dir}/src:multi", "oci:${dir}/all:multi")
        def only = Cli.run('copy', '--multi-arch', 'index-only', "oci:${dir}/src:multi", "oci:${dir}/only:multi")
        def bad = Cli.run('copy', '--multi-arch', 'some', "oci:${dir}/src:multi", "oci:${dir}/bad:multi")

        then:
        all.exitCode == 0
        read("oci:${dir}/all:multi").raw() == index.raw()
        only.exitCode == 0
        read("oci:${dir}/only:multi").raw() == index.raw()
        index.manifests().every { !Files.exists(dir.resolve("only/blobs/sha256/${it.digest().hex()}")) }
        bad.exitCode == 2
        bad.err.contains('system, all or index-only')
    }

    def "--platform writes a new index of just those images and their attestations, says why its digest changed, and skopeo copies it"() {
        given:
        def source = attestedIndex("oci:${dir}/src:multi") as ImageIndex
        def remote = registry.ref('chosen/app:two')

        when:
        def copy = Cli.run('copy', '--platform', 'linux/arm64,linux/s390x', '--dest-tls-verify=false', "oci:${dir}/src:multi", remote)
        def written = read(remote) as ImageIndex

        then:
        copy.exitCode == 0
        copy.out.contains("the source's digest was ${source.digest()}")
        copy.out.contains('kept 4 of the 6 manifests the index lists (the platforms chosen)')
        written.manifests()*.digest() == source.manifests()[2..5]*.digest()
        written.manifests().findAll { it.annotations()['vnd.docker.reference.type'] }.size() == 2
        written.digest() != source.digest()

        and: 'skopeo reads the new index and copies all of it'
        Tools.skopeo('inspect', '--raw', '--tls-verify=false', remote).getBytes('UTF-8') == written.raw()
        Tools.skopeo('copy', '--all', '--src-tls-verify=false', remote, "oci:${dir}/back:two")
    }

    def "an attestation follows its image to the image's new digest when layers are compressed on the way"() {
        given:
        attestedIndex("oci:${dir}/src:multi", false)

        when:
        def copy = Cli.run('copy', '--platform', 'linux/amd64', "oci:${dir}/src:multi", "oci:${dir}/out:one")
        def written = read("oci:${dir}/out:one") as ImageIndex
        def image = written.manifests()[0]
        def attestation = written.manifests()[1]

        then:
        copy.exitCode == 0
        written.manifests().size() == 2
        (read("oci:${dir}/out:one") { it.manifest(image) } as ImageManifest).layers()[0].mediaType() == MediaType.OCI_LAYER_GZIP
        attestation.annotations()['vnd.docker.reference.digest'] == image.digest().toString()
    }

    def "--platform reaches into nested indexes and keeps only what holds a chosen image"() {
        given:
        def made = new Handmade("oci:${dir}/src:nested")
        def amd = image(made, 'linux/amd64')
        def arm = image(made, 'linux/arm64')
        def s390 = image(made, 'linux/s390x')
        def nested = made.child(Handmade.index(MediaType.OCI_INDEX, [Handmade.entry(amd, 'linux/amd64'), Handmade.entry(arm, 'linux/arm64')]))
        def top = made.top(Handmade.index(MediaType.OCI_INDEX, [
                [mediaType: MediaType.OCI_INDEX, digest: nested.digest().toString(), size: nested.raw().length],
                Handmade.entry(s390, 'linux/s390x')]))

        when:
        def copy = Cli.run('copy', '--platform', 'linux/arm64', "oci:${dir}/src:nested", "oci:${dir}/out:nested")
        def written = read("oci:${dir}/out:nested") as ImageIndex
        def inner = read("oci:${dir}/out:nested") { it.manifest(written.manifests()[0]) } as ImageIndex

        then:
        copy.exitCode == 0
        written.manifests().size() == 1
        inner.manifests()*.digest() == [arm.digest()]
        written.digest() != top.digest()
    }

    def "--platform naming a platform the index lacks is an error listing what it has, and nothing is written"() {
        given:
        attestedIndex("oci:${dir}/src:multi")

        when:
        def copy = Cli.run('copy', '--platform', 'linux/arm64,linux/ppc64le', "oci:${dir}/src:multi", "oci:${dir}/out:x")

        then:
        copy.exitCode == 1
        copy.err.contains('--platform linux/ppc64le')
        copy.err.contains('linux/amd64, unknown/unknown, linux/arm64')
        !Files.exists(dir.resolve('out/index.json'))
    }

    def "a Docker foreign layer is copied by reference: its descriptor kept (as OCI non-distributable in a layout), its urls never fetched"() {
        given:
        def made = new Handmade("oci:${dir}/src:foreign")
        def plain = Handmade.tar('base', 'windows base layer')
        def foreignBytes = Handmade.gzip(plain)
        def foreign = new dev.skiff.model.Descriptor(LayerType.DOCKER_FOREIGN_LAYER_GZIP, Digest.sha256(foreignBytes),
                foreignBytes.length, ['http://127.0.0.1:9/never/base.tar.gz'], null, null, null)
        def own = Handmade.tar('app', 'app layer')
        def source = made.top(made.manifest(MediaType.DOCKER_MANIFEST, Handmade.config([plain, own]),
                [foreign, made.blob(MediaType.DOCKER_LAYER_GZIP, Handmade.gzip(own))]))
        def remote = registry.ref('foreign/app:v1')

        when:
        def copy = Cli.run('copy', '--dest-tls-verify=false', "oci:${dir}/src:foreign", remote)
        def toLayout = Cli.run('copy', "oci:${dir}/src:foreign", "oci:${dir}/out:foreign")

        then:
        copy.exitCode == 0
        read(remote).raw() == source.raw()
        toLayout.exitCode == 0
        def converted = read("oci:${dir}/out:foreign") as ImageManifest
        converted.layers()[0].mediaType() == LayerType.OCI_NONDISTRIBUTABLE_GZIP
        converted.layers()[0].urls() == ['http://127.0.0.1:9/never/base.tar.gz']
        converted.layers()[0].digest() == foreign.digest()
        !Files.exists(dir.resolve("out/blobs/sha256/${foreign.digest().hex()}"))
    }
}
