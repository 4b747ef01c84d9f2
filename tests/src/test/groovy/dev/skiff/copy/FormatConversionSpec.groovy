package dev.skiff.copy

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
import java.util.zip.GZIPInputStream
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Images rewritten to fit where they go, as skopeo rewrites them: uncompressed layers gzip-compressed
 * for a registry or a layout, v2s2 converted to OCI for an oci: layout, --format on request, and
 * --preserve-digests refusing any of it before a byte is written.
 */
class FormatConversionSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    static ManifestDocument read(String ref) {
        Transports.parse(ref).openSource(Images.PLAIN_HTTP).withCloseable { it.manifest() }
    }

    static byte[] blob(String ref, dev.skiff.model.Descriptor d) {
        Transports.parse(ref).openSource(Images.PLAIN_HTTP).withCloseable { it.openBlob(d).bytes }
    }

    static String skopeoRaw(String ref, String... flags) {
        Tools.skopeo(*(['inspect', '--raw'] + flags.toList() + [ref]))
    }

    def "uncompressed layers pushed to a registry are gzip-compressed, the config unchanged, and skopeo reads them"() {
        given:
        def source = Images.single("oci:${dir}/plain:v1", [compression: 'none', layers: 2]) as ImageManifest
        def remote = registry.ref('plain/app:v1')

        when:
        def copy = Cli.run('copy', '--dest-tls-verify=false', "oci:${dir}/plain:v1", remote)
        def pushed = read(remote) as ImageManifest

        then:
        copy.exitCode == 0
        copy.out.contains("the source's digest was ${source.digest()}")
        copy.out.contains('gzip-compressed uncompressed layers')
        pushed.config().digest() == source.config().digest()
        pushed.layers()*.mediaType() == [MediaType.OCI_LAYER_GZIP] * 2

        and: 'each compressed layer decompresses to the diff_id the config lists'
        pushed.layers().withIndex().every { d, i ->
            def plain = new GZIPInputStream(new ByteArrayInputStream(blob(remote, d))).bytes
            Digest.sha256(plain) == source.layers()[i].digest()
        }

        and: 'skopeo sees the same manifest and copies the image out, verifying every blob'
        skopeoRaw(remote, '--tls-verify=false').getBytes('UTF-8') == pushed.raw()
        Tools.skopeo('copy', '--src-tls-verify=false', remote, "oci:${dir}/back:v1")
    }

    def "a source layer with wrong bytes fails while it is compressed into the registry, and no image is pushed"() {
        given:
        def source = Images.single("oci:${dir}/plain:v1", [compression: 'none']) as ImageManifest
        def blob = dir.resolve("plain/blobs/sha256/${source.layers()[0].digest().hex()}")
        def bytes = Files.readAllBytes(blob)
        bytes[600] ^= 0x55
        Files.write(blob, bytes)
        def remote = registry.ref('plain/broken:v1')

        when:
        def copy = Cli.run('copy', '--dest-tls-verify=false', "oci:${dir}/plain:v1", remote)

        then:
        copy.exitCode == 1
        copy.err.contains("blob ${source.layers()[0].digest()}")
        copy.err.contains('does not match its digest')
        Cli.run('inspect', '--raw', '--tls-verify=false', remote).exitCode == 1
    }

    def "an uncompressed layout copied to another layout is compressed as skopeo's layout destination does"() {
        given:
        def source = Images.single("oci:${dir}/plain:v1", [compression: 'none']) as ImageManifest

        when:
        def copy = Cli.run('copy', "oci:${dir}/plain:v1", "oci:${dir}/out:v1")
        def written = read("oci:${dir}/out:v1") as ImageManifest

        then:
        copy.exitCode == 0
        written.layers()*.mediaType() == [MediaType.OCI_LAYER_GZIP] * 2
        written.layers().every { Files.size(dir.resolve("out/blobs/sha256/${it.digest().hex()}")) == it.size() }
        new JsonSlurper().parseText(Tools.skopeo('inspect', "oci:${dir}/out:v1")).Layers == written.layers()*.digest()*.toString()
        Tools.umoci('stat', '--image', "${dir}/out:v1")
        Files.list(dir.resolve('out/blobs/sha256')).noneMatch { it.fileName.toString().startsWith('.tmp') }
        source.config().digest() == written.config().digest()
    }

    def "--preserve-digests keeps uncompressed layers as they are, as skopeo does"() {
        given:
        def source = Images.single("oci:${dir}/plain:v1", [compression: 'none'])
        def remote = registry.ref('plain/kept:v1')

        when:
        def copy = Cli.run('copy', '--preserve-digests', '--dest-tls-verify=false', "oci:${dir}/plain:v1", remote)

        then:
        copy.exitCode == 0
        read(remote).raw() == source.raw()
        (read(remote) as ImageManifest).layers()*.mediaType() == [MediaType.OCI_LAYER] * 2
    }

    def "a v2s2 image copied to an oci: layout is converted to OCI byte for byte as skopeo converts it"() {
        given: 'a Docker-built image: config with container_config, docker_version, unsorted maps'
        def remote = registry.ref('docker/built:v1')
        def made = new Handmade(remote)
        def layer = Handmade.gzip(Handmade.tar('hello.txt', 'hello\n'))
        def config = Handmade.config([Handmade.tar('hello.txt', 'hello\n')]) + [
                created: '2023-01-02T03:04:05.120000Z', docker_version: '20.10.7', container: 'abc',
                container_config: [Hostname: 'x'], author: 'someone',
                config: [Hostname: '', Env: ['PATH=/usr/bin'], Labels: [zeta: '1', alpha: '2'],
                         ExposedPorts: ['8080/tcp': [:], '443/tcp': [:]], Cmd: ['sh'], OnBuild: null, User: ''],
                history: [[created: '2023-01-02T03:04:05.100Z', created_by: 'ADD', empty_layer: false]]]
        def docker = made.top(made.manifest(MediaType.DOCKER_MANIFEST, config,
                [made.blob(MediaType.DOCKER_LAYER_GZIP, layer)]))

        when:
        def copy = Cli.run('copy', '--src-tls-verify=false', remote, "oci:${dir}/skiff:v1")
        Tools.skopeo('copy', '--src-tls-verify=false', remote, "oci:${dir}/skopeo:v1")
        def ours = read("oci:${dir}/skiff:v1") as ImageManifest
        def theirs = read("oci:${dir}/skopeo:v1") as ImageManifest

        then:
        copy.exitCode == 0
        copy.out.contains("the source's digest was ${docker.digest()}")
        copy.out.contains('converted the manifest from v2s2 to oci')
        ours.raw() == theirs.raw()
        blob("oci:${dir}/skiff:v1", ours.config()) == blob("oci:${dir}/skopeo:v1", theirs.config())

        and: 'skopeo reads the converted image back'
        new JsonSlurper().parseText(Tools.skopeo('inspect', "oci:${dir}/skiff:v1")).Digest == ours.digest().toString()
    }

    def "a v2s2 image and list copied between registries keep their format and digest"() {
        given:
        def image = Images.single(registry.ref('keep/app:v1'), [format: 'docker'])
        def list = Images.multi(registry.ref('keep/app:multi'), [format: 'docker'])

        when:
        def one = Cli.run('copy', '--src-tls-verify=false', '--dest-tls-verify=false', registry.ref('keep/app:v1'), registry.ref('kept/app:v1'))
        def all = Cli.run('copy', '--all', '--src-tls-verify=false', '--dest-tls-verify=false', registry.ref('keep/app:multi'), registry.ref('kept/app:multi'))

        then:
        one.exitCode == 0
        read(registry.ref('kept/app:v1')).raw() == image.raw()
        all.exitCode == 0
        read(registry.ref('kept/app:multi')).raw() == list.raw()
        !one.out.contains('changed because')
    }

    def "--format v2s2 converts an OCI image for a registry with the same digest skopeo gives, the config bytes unchanged"() {
        given:
        def source = Images.single("oci:${dir}/a:v1") as ImageManifest

        when:
        def copy = Cli.run('copy', '--format', 'v2s2', '--dest-tls-verify=false', "oci:${dir}/a:v1", registry.ref('conv/skiff:v1'))
        Tools.skopeo('copy', '--format', 'v2s2', '--dest-tls-verify=false', "oci:${dir}/a:v1", registry.ref('conv/skopeo:v1'))
        def ours = read(registry.ref('conv/skiff:v1')) as ImageManifest

        then:
        copy.exitCode == 0
        ours.mediaType() == MediaType.DOCKER_MANIFEST
        ours.config().mediaType() == MediaType.DOCKER_CONFIG
        ours.config().digest() == source.config().digest()
        ours.layers()*.mediaType() == [MediaType.DOCKER_LAYER_GZIP] * 2
        ours.raw() == skopeoRaw(registry.ref('conv/skopeo:v1'), '--tls-verify=false').getBytes('UTF-8')
    }

    def "--preserve-digests with a conversion the destination needs fails before anything is written"() {
        given:
        def remote = registry.ref('docker/app:v1')
        Images.single(remote, [format: 'docker'])
        Images.single("oci:${dir}/out:keep")
        def indexBefore = Files.readAllBytes(dir.resolve('out/index.json'))
        def blobsBefore = Files.list(dir.resolve('out/blobs/sha256')).count()

        when:
        def copy = Cli.run('copy', '--preserve-digests', '--src-tls-verify=false', remote, "oci:${dir}/out:v1")

        then:
        copy.exitCode == 1
        copy.err.contains('--preserve-digests')
        copy.err.contains('converted the manifest from v2s2 to oci')
        Files.readAllBytes(dir.resolve('out/index.json')) == indexBefore
        Files.list(dir.resolve('out/blobs/sha256')).count() == blobsBefore
    }

    def "a format the destination cannot hold, or a layer type the format lacks, is a clear error"() {
        given:
        Images.single("oci:${dir}/a:v1")
        def made = new Handmade("oci:${dir}/z:v1")
        def plain = Handmade.tar('z.txt', 'zstd')
        made.top(made.manifest(MediaType.OCI_MANIFEST, Handmade.config([plain]),
                [made.blob(MediaType.OCI_LAYER_ZSTD, Handmade.zstd(plain))]))

        when:
        def toLayout = Cli.run('copy', '--format', 'v2s2', "oci:${dir}/a:v1", "oci:${dir}/b:v1")
        def zstd = Cli.run('copy', '--format', 'v2s2', '--dest-tls-verify=false', "oci:${dir}/z:v1", registry.ref('z/app:v1'))

        then:
        toLayout.exitCode == 1
        toLayout.err.contains("oci:${dir}/b:v1 holds only oci manifests")
        zstd.exitCode == 1
        zstd.err.contains('has no zstd layers')
        zstd.err.contains('--format oci')
    }

    def "zstd layers are carried through unchanged"() {
        given:
        def made = new Handmade("oci:${dir}/z:v1")
        def plain = Handmade.tar('z.txt', 'zstd')
        def image = made.top(made.manifest(MediaType.OCI_MANIFEST, Handmade.config([plain]),
                [made.blob(MediaType.OCI_LAYER_ZSTD, Handmade.zstd(plain))]))

        when:
        def copy = Cli.run('copy', '--dest-tls-verify=false', "oci:${dir}/z:v1", registry.ref('z/kept:v1'))

        then:
        copy.exitCode == 0
        read(registry.ref('z/kept:v1')).raw() == image.raw()
    }
}
