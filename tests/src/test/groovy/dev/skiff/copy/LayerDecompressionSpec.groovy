package dev.skiff.copy

import dev.skiff.SkiffException
import dev.skiff.model.Descriptor
import dev.skiff.model.ImageManifest
import dev.skiff.model.LayerType
import dev.skiff.model.ManifestDocument
import dev.skiff.model.ManifestFormat
import dev.skiff.model.MediaType
import dev.skiff.name.Digest
import dev.skiff.rig.Handmade
import dev.skiff.rig.Images
import dev.skiff.transport.FormatConstraints
import dev.skiff.transport.ImageDestination
import dev.skiff.transport.ImageReference
import dev.skiff.transport.LayerCompression
import dev.skiff.transport.Transports
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Files
import java.nio.file.Path

/**
 * The capability a docker-archive destination declares — v2s2 only, uncompressed layers — drives
 * the copier to gunzip layers on the way and check each against its diff_id. A layout stands in
 * for the archive here (it stores whatever the copier hands it), with its own streaming writer
 * hidden so the spool path runs.
 */
class LayerDecompressionSpec extends Specification {
    @TempDir
    Path dir

    /** Declares docker-archive's needs and delegates storage to a layout. */
    static class UncompressedV2s2 implements ImageDestination, FormatConstraints {
        @Delegate(interfaces = false)
        final ImageDestination layout

        UncompressedV2s2(String ref) {
            layout = Transports.parse(ref).openDestination(Images.PLAIN_HTTP)
        }

        ImageReference reference() { layout.reference() }
        boolean hasBlob(Descriptor blob) { layout.hasBlob(blob) }
        void putBlob(Descriptor blob, InputStream content) { layout.putBlob(blob, content) }
        void putChildManifest(ManifestDocument m) { layout.putChildManifest(m) }
        void putManifest(ManifestDocument m) { layout.putManifest(m) }
        void commit() { layout.commit() }
        void close() { layout.close() }
        List<ManifestFormat> manifestFormats() { [ManifestFormat.V2S2] }
        LayerCompression layerCompression() { LayerCompression.DECOMPRESS }
    }

    CopyResult copy(String src, String dst, CopyOptions options = CopyOptions.defaults()) {
        Transports.parse(src).openSource(Images.PLAIN_HTTP).withCloseable { source ->
            new UncompressedV2s2(dst).withCloseable { new Copier(options, null).copy(source, it) }
        }
    }

    def "gzip layers are stored uncompressed under their diff_ids, the config unchanged, the OCI image converted to v2s2"() {
        given:
        def source = Images.single("oci:${dir}/a:v1", [layers: 3]) as ImageManifest
        def diffIds = dev.skiff.model.ImageConfig.parse(Files.readAllBytes(dir.resolve("a/blobs/sha256/${source.config().digest().hex()}"))).diffIds()

        when:
        def result = copy("oci:${dir}/a:v1", "oci:${dir}/archive:v1")
        def written = Transports.parse("oci:${dir}/archive:v1").openSource(Images.PLAIN_HTTP).manifest() as ImageManifest

        then:
        written.mediaType() == MediaType.DOCKER_MANIFEST
        written.config().digest() == source.config().digest()
        written.layers()*.mediaType() == [LayerType.DOCKER_LAYER] * 3
        written.layers()*.digest()*.toString() == diffIds
        written.layers().every { Digest.sha256(Files.readAllBytes(dir.resolve("archive/blobs/sha256/${it.digest().hex()}"))) == it.digest() }
        result.changes().any { it.contains('decompressed layers') }
    }

    def "a layer that does not decompress to its diff_id fails the copy and is not stored"() {
        given:
        def made = new Handmade("oci:${dir}/bad:v1")
        def plain = Handmade.tar('a.txt', 'real content')
        def lying = Handmade.config([Handmade.tar('a.txt', 'other content')])
        made.top(made.manifest(MediaType.OCI_MANIFEST, lying, [made.blob(MediaType.OCI_LAYER_GZIP, Handmade.gzip(plain))]))

        when:
        copy("oci:${dir}/bad:v1", "oci:${dir}/archive:v1")

        then:
        def e = thrown(SkiffException)
        e.message.contains('diff_id')
        !Files.exists(dir.resolve("archive/blobs/sha256/${Digest.sha256(plain).hex()}"))
        !Files.exists(dir.resolve('archive/index.json'))
    }

    def "--preserve-digests with compressed layers and a destination that needs them uncompressed fails before writing"() {
        given:
        Images.single("oci:${dir}/a:v1", [format: 'docker'])

        when:
        copy("oci:${dir}/a:v1", "oci:${dir}/archive:v1", CopyOptions.defaults().withPreserveDigests(true))

        then:
        def e = thrown(SkiffException)
        e.message.contains('--preserve-digests')
        e.message.contains('decompressed layers')
        !Files.exists(dir.resolve('archive/index.json'))
    }
}
