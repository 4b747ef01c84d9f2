package dev.skiff.layout

import dev.skiff.SkiffException
import dev.skiff.model.ImageIndex
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.Tools
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

class OciLayoutSpec extends Specification {
    @TempDir
    Path dir

    def "an image written to a layout is read back by tag with the same digest"() {
        given:
        def written = Images.single("oci:${dir}/layout:v1")

        when:
        def source = Transports.parse("oci:${dir}/layout:v1").openSource(TransportOptions.defaults())

        then:
        source.manifest().raw() == written.raw()
        source.manifest().digest() == written.digest()

        and: "the layout has the files the spec requires, tag as org.opencontainers.image.ref.name"
        def index = new JsonSlurper().parse(dir.resolve('layout/index.json').toFile())
        index.schemaVersion == 2
        index.manifests*.annotations*.get('org.opencontainers.image.ref.name') == ['v1']
        new JsonSlurper().parse(dir.resolve('layout/oci-layout').toFile()).imageLayoutVersion == '1.0.0'
        Files.exists(dir.resolve("layout/blobs/sha256/${written.digest().hex()}"))
    }

    def "umoci accepts the layouts Skiff writes"() {
        given:
        Images.single("oci:${dir}/layout:v1", [labels: [team: 'platform']])
        Cli.run('copy', '-q', "oci:${dir}/layout:v1", "oci:${dir}/copy:v1")

        expect:
        Tools.umoci('stat', '--image', "${dir}/layout:v1").contains('LAYER')
        Tools.umoci('stat', '--image', "${dir}/copy:v1").contains('LAYER')

        and: 'umoci can unpack it: the layers are real tar+gzip and the diff_ids match'
        Tools.umoci('unpack', '--rootless', '--image', "${dir}/copy:v1", "${dir}/bundle") != null
        Files.list(dir.resolve('bundle/rootfs/sample')).count() == 2
    }

    def "skopeo reads Skiff's layout and reports the digest Skiff wrote"() {
        given:
        def written = Images.single("oci:${dir}/layout:v1")

        expect:
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${dir}/layout:v1").trim() == written.digest().toString()
        Tools.skopeo('inspect', '--raw', "oci:${dir}/layout:v1").bytes == written.raw()
    }

    def "Skiff reads a layout skopeo wrote, with the same digests"() {
        given:
        Images.single("oci:${dir}/src:v1")
        Tools.skopeo('copy', "oci:${dir}/src:v1", "oci:${dir}/by-skopeo:v1")
        def skopeoDigest = Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${dir}/by-skopeo:v1").trim()

        when:
        def cli = Cli.run('inspect', '--format', '{{.Digest}}', "oci:${dir}/by-skopeo:v1")

        then:
        cli.exitCode == 0
        cli.out.trim() == skopeoDigest
    }

    def "several tags share one layout, and re-tagging replaces only that tag"() {
        given:
        Images.single("oci:${dir}/layout:a")
        Images.single("oci:${dir}/layout:b")
        def newer = Images.single("oci:${dir}/layout:a")

        when:
        def index = new JsonSlurper().parse(dir.resolve('layout/index.json').toFile())

        then:
        index.manifests*.annotations*.get('org.opencontainers.image.ref.name').sort() == ['a', 'b']
        index.manifests.find { it.annotations['org.opencontainers.image.ref.name'] == 'a' }.digest == newer.digest().toString()
    }

    def "oci:PATH without a tag reads the only image"() {
        given:
        def written = Images.single("oci:${dir}/layout:only")

        expect:
        Transports.parse("oci:${dir}/layout").openSource(TransportOptions.defaults()).manifest().digest() == written.digest()
    }

    def "#problem is a clear error naming the layout"() {
        given:
        Images.single("oci:${dir}/layout:v1")
        Images.single("oci:${dir}/layout:v2")

        when:
        Transports.parse(reference.replace('DIR', dir.toString())).openSource(TransportOptions.defaults()).manifest()

        then:
        def e = thrown(SkiffException)
        e.message.contains(message.replace('DIR', dir.toString()))

        where:
        problem                     | reference               | message
        'a missing layout'          | 'oci:DIR/missing:v1'    | 'no OCI layout at DIR/missing: the directory does not exist'
        'a directory with no index' | 'oci:DIR'               | 'no OCI layout at DIR: it has no index.json'
        'a missing tag'             | 'oci:DIR/layout:v9'     | 'no image tagged "v9" in the OCI layout at DIR/layout (tags: v1, v2)'
        'several images, no tag'    | 'oci:DIR/layout'        | 'holds 2 images; name one: oci:DIR/layout:v1, oci:DIR/layout:v2'
    }

    def "a multi-platform index is stored as an index with every child"() {
        when:
        def written = Images.multi("oci:${dir}/layout:multi")

        then:
        written instanceof ImageIndex
        (written as ImageIndex).manifests()*.platform()*.toString() == ['linux/amd64', 'linux/arm64']
        Tools.skopeo('inspect', '--raw', "oci:${dir}/layout:multi").bytes == written.raw()
    }

    def "inspect and inspect --config print skopeo's bytes (LayersData aside, which skopeo 1.9 omits)"() {
        given:
        Images.single("oci:${dir}/layout:v1", [labels: [team: 'platform', 'a<b': 'x&y']])
        def ref = "oci:${dir}/layout:v1".toString()

        when:
        def ours = Cli.run('inspect', ref).out
        def withoutLayersData = ours.replaceAll(/(?s)    "LayersData": \[.*?\n    \],\n/, '')

        then:
        withoutLayersData == Tools.skopeo('inspect', ref)
        ours.contains('"LayersData": [')
        Cli.run('inspect', '--config', ref).out == Tools.skopeo('inspect', '--config', ref)
        Cli.run('inspect', '--raw', '--config', ref).out == Tools.skopeo('inspect', '--raw', '--config', ref)
    }
}
