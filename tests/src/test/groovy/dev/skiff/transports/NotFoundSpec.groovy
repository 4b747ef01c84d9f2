package dev.skiff.transports

import dev.skiff.rig.Images
import dev.skiff.transport.ImageNotFoundException
import dev.skiff.transport.ManifestLookup
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * "No such image" is a type: every file transport's source throws {@link ImageNotFoundException}
 * for a missing image or tag (its message unchanged), and its cheap look-up answers empty.
 */
class NotFoundSpec extends Specification {
    @TempDir
    Path dir

    def "a missing #what is an ImageNotFoundException from the source, and an empty look-up"() {
        given:
        Images.single("oci:${dir}/layout:v1")
        Images.single("oci-archive:${dir}/archive.tar:v1")
        Images.single("docker-archive:${dir}/saved.tar:team/app:v1")
        Images.single("dir:${dir}/image")
        def ref = Transports.parse(reference.replace('DIR', dir.toString()))

        when:
        ref.openSource(TransportOptions.defaults()).withCloseable { it.manifest() }

        then:
        def e = thrown(ImageNotFoundException)
        e.message.contains(message.replace('DIR', dir.toString()))

        and:
        !(ref as ManifestLookup).head(TransportOptions.defaults()).present

        where:
        what                           | reference                                 | message
        'tag in an OCI layout'         | 'oci:DIR/layout:v9'                       | 'no image tagged "v9" in the OCI layout at DIR/layout (tags: v1)'
        'OCI layout'                   | 'oci:DIR/nothing:v1'                      | 'no OCI layout at DIR/nothing: the directory does not exist'
        'tag in an OCI archive'        | 'oci-archive:DIR/archive.tar:v9'          | 'no image tagged "v9" in the OCI archive DIR/archive.tar'
        'OCI archive'                  | 'oci-archive:DIR/nothing.tar:v1'          | 'no OCI archive at DIR/nothing.tar: the file does not exist'
        'tag in a docker-archive'      | 'docker-archive:DIR/saved.tar:team/app:v9' | 'no image tagged docker.io/team/app:v9 in docker-archive DIR/saved.tar'
        'dir: image'                   | 'dir:DIR/nothing'                         | 'no dir: image at DIR/nothing: the directory does not exist'
    }

    def "a look-up of an image that is there gives the digest a read gives"() {
        given:
        def written = Images.single("oci:${dir}/layout:v1")
        def ref = Transports.parse("oci:${dir}/layout:v1")

        expect:
        (ref as ManifestLookup).head(TransportOptions.defaults()).get().digest() == written.digest()
    }
}
