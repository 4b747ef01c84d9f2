package dev.skiff.cli

import dev.skiff.name.InvalidReferenceException
import dev.skiff.transport.Transports
import spock.lang.Specification

class TransportsSpec extends Specification {
    def "'#text' parses and round-trips"() {
        when:
        def ref = Transports.parse(text)

        then:
        ref.toString() == text
        Transports.parse(ref.toString()) == ref
        ref.transport().name() == transport

        where:
        text                                        | transport
        'oci:./layout:v1'                           | 'oci'
        'oci:/abs/path'                             | 'oci'
        'oci:./bundle:team/app:v1'                  | 'oci'
        'oci-archive:./image.tar:v1'                | 'oci-archive'
        'oci-archive:/abs/image.tar'                | 'oci-archive'
        'dir:./image'                               | 'dir'
        'dir:/abs/with:colon'                       | 'dir'
        'docker://127.0.0.1:5000/team/app:v1'       | 'docker'
        'docker://docker.io/library/nginx:latest'   | 'docker'
    }

    def "'#text' is rejected: #why"() {
        when:
        Transports.parse(text)

        then:
        def e = thrown(InvalidReferenceException)
        e.message.contains(why)

        where:
        text                    | why
        'foo:bar'               | 'unknown transport "foo" in "foo:bar" (known transports: docker, oci'
        'nginx'                 | 'no transport given'
        ''                      | 'expected TRANSPORT:REFERENCE'
        'oci:'                  | 'the layout path is empty'
        'oci:./x:bad tag'       | 'the tag must be'
        'oci-archive:'          | 'the archive path is empty'
        'oci-archive:x:bad tag' | 'the tag must be'
        'dir:'                  | 'the directory path is empty'
    }
}
