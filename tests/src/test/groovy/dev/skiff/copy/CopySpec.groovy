package dev.skiff.copy

import dev.skiff.Hint
import dev.skiff.Skiff
import dev.skiff.SkiffException
import dev.skiff.model.ImageIndex
import dev.skiff.model.ImageManifest
import dev.skiff.model.Platform
import dev.skiff.rig.Images
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

class CopySpec extends Specification {
    @TempDir
    Path dir

    static final TransportOptions DEFAULTS = TransportOptions.defaults()

    CopyResult copy(String src, String dst, boolean all = false) {
        Skiff.copy(src, dst, CopyOptions.defaults().withAll(all), DEFAULTS, DEFAULTS, CopyListener.NONE)
    }

    def "a copy between layouts keeps the manifest bytes and digest"() {
        given:
        def image = Images.single("oci:${dir}/a:v1", [layers: 3])

        when:
        def result = copy("oci:${dir}/a:v1", "oci:${dir}/b:v1")

        then:
        result.digest() == image.digest()
        result.copied() == 4
        result.skipped() == 0
        Transports.parse("oci:${dir}/b:v1").openSource(DEFAULTS).manifest().raw() == image.raw()
    }

    def "blobs the destination already has are skipped"() {
        given:
        Images.single("oci:${dir}/a:v1")
        copy("oci:${dir}/a:v1", "oci:${dir}/b:v1")

        when:
        def again = copy("oci:${dir}/a:v1", "oci:${dir}/b:v2")

        then:
        again.copied() == 0
        again.skipped() == 3
    }

    def "without --all an index copies this machine's image, as skopeo does"() {
        given:
        def index = Images.multi("oci:${dir}/a:multi") as ImageIndex
        def mine = index.find(Platform.current()).get()

        when:
        def result = copy("oci:${dir}/a:multi", "oci:${dir}/b:one")

        then:
        result.digest() == mine.digest()
        result.chosenPlatform().toString() == Platform.current().toString().replace('/v8', '')
        Transports.parse("oci:${dir}/b:one").openSource(DEFAULTS).manifest() instanceof ImageManifest
    }

    def "--all copies the index and every child and keeps the index digest"() {
        given:
        def index = Images.multi("oci:${dir}/a:multi") as ImageIndex

        when:
        def result = copy("oci:${dir}/a:multi", "oci:${dir}/b:multi", true)
        def copied = Transports.parse("oci:${dir}/b:multi").openSource(DEFAULTS)

        then:
        result.digest() == index.digest()
        copied.manifest().raw() == index.raw()
        index.manifests().every { copied.manifest(it) instanceof ImageManifest }
    }

    def "an index without this platform is an error that lists what it has"() {
        given:
        Images.write("oci:${dir}/a:odd", [platforms: ['linux/s390x', 'linux/ppc64le']])

        when:
        copy("oci:${dir}/a:odd", "oci:${dir}/b:odd")

        then:
        def e = thrown(SkiffException)
        e.message.contains('linux/s390x, linux/ppc64le')
        e.hint() == Hint.PLATFORM_MISSING
        !e.message.contains('--')
    }

    def "a blob whose bytes do not match its digest fails the copy and nothing is stored under its name"() {
        given:
        def image = Images.single("oci:${dir}/a:v1") as ImageManifest
        def layer = image.layers()[0]
        def blob = dir.resolve("a/blobs/sha256/${layer.digest().hex()}")
        def bytes = Files.readAllBytes(blob)
        bytes[bytes.length - 10] ^= 0x55   // same size, wrong content
        Files.write(blob, bytes)
        Images.single("oci:${dir}/b:keep")
        def indexBefore = Files.readAllBytes(dir.resolve('b/index.json'))

        when:
        copy("oci:${dir}/a:v1", "oci:${dir}/b:v1")

        then:
        def e = thrown(SkiffException)
        e.message.contains("blob ${layer.digest()}")
        e.message.contains('does not match its digest')
        e.message.contains('nothing was stored')
        !Files.exists(dir.resolve("b/blobs/sha256/${layer.digest().hex()}"))
        Files.readAllBytes(dir.resolve('b/index.json')) == indexBefore
        Files.list(dir.resolve('b/blobs/sha256')).noneMatch { it.fileName.toString().startsWith('.tmp') }
    }

    def "a truncated blob fails the copy"() {
        given:
        def image = Images.single("oci:${dir}/a:v1") as ImageManifest
        def blob = dir.resolve("a/blobs/sha256/${image.layers()[1].digest().hex()}")
        def bytes = Files.readAllBytes(blob)
        Files.write(blob, Arrays.copyOf(bytes, bytes.length - 100))

        when:
        copy("oci:${dir}/a:v1", "oci:${dir}/b:v1")

        then:
        def e = thrown(SkiffException)
        e.message.contains('truncated')
        !Files.exists(dir.resolve('b/index.json'))
    }
}
