package dev.skiff.delete

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** delete oci:PATH:TAG: the tag goes, the blobs only it used go, everything shared stays readable by umoci and skopeo. */
class OciDeleteSpec extends Specification {
    @TempDir Path dir

    Path layout() { dir.resolve('layout') }

    Set<String> blobs() {
        Files.list(layout().resolve('blobs/sha256')).withCloseable { s -> s.collect { 'sha256:' + it.fileName }.toSet() }
    }

    List<String> tags() {
        new JsonSlurper().parse(layout().resolve('index.json').toFile()).manifests*.annotations*.get('org.opencontainers.image.ref.name')
    }

    Set<String> reachable(def doc) {
        Set<String> all = [doc.digest().toString()] as Set
        if (doc.respondsTo('blobs')) {
            all.addAll(doc.blobs()*.digest()*.toString())
        }
        all
    }

    def "deleting a tag keeps blobs another tag uses, removes the rest, and leaves unrelated blobs alone"() {
        given: 'a (and a2, the same image), b, and a multi-platform index m whose amd64 image is also tagged amd'
        def a = Images.single("oci:${layout()}:a")
        assert Cli.run('copy', "oci:${layout()}:a", "oci:${layout()}:a2").exitCode == 0
        def b = Images.single("oci:${layout()}:b")
        def m = Images.multi("oci:${layout()}:m")
        assert Cli.run('copy', "oci:${layout()}:m", "oci:${layout()}:amd").exitCode == 0
        Path orphan = layout().resolve('blobs/sha256/' + 'ab' * 32)
        Files.writeString(orphan, 'not referenced by any tag')
        def before = blobs()

        when: 'a goes: a2 still needs every blob of it'
        def first = Cli.run('delete', "oci:${layout()}:a")

        then:
        first.exitCode == 0
        tags().toSorted() == ['a2', 'amd', 'b', 'm']
        blobs() == before

        when: 'm goes: its index and arm64 image go, its amd64 image (tagged amd) stays'
        def second = Cli.run('delete', '-v', "oci:${layout()}:m")
        def gone = before - blobs()

        then:
        second.exitCode == 0
        tags().toSorted() == ['a2', 'amd', 'b']
        gone.contains(m.digest().toString())
        gone.size() == 1 + 4        // the index; the arm64 manifest, its config and its two layers
        second.out.contains("(${m.digest()}), 5 blobs removed")
        Files.exists(orphan)
        reachable(a).every { it in blobs() }
        reachable(b).every { it in blobs() }

        and: 'umoci and skopeo still read the remaining tags'
        Tools.umoci('stat', '--image', "${layout()}:a2").contains('LAYER')
        Tools.umoci('stat', '--image', "${layout()}:amd").contains('LAYER')
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${layout()}:b").trim() == b.digest().toString()
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${layout()}:a2").trim() == a.digest().toString()
    }

    def "a tag that is not there is an error listing the tags, and nothing changes"() {
        given:
        Images.single("oci:${layout()}:v1")
        byte[] index = Files.readAllBytes(layout().resolve('index.json'))
        def before = blobs()

        when:
        def r = Cli.run('delete', "oci:${layout()}:v9")
        def untagged = Cli.run('delete', "oci:${layout()}")

        then:
        r.exitCode == 1
        r.err == "Error: no image tagged v9 in the OCI layout at ${layout()} (its tags: v1)\n".toString()
        untagged.exitCode == 1
        untagged.err.contains('name the tag to delete')
        Files.readAllBytes(layout().resolve('index.json')) == index
        blobs() == before
    }
}
