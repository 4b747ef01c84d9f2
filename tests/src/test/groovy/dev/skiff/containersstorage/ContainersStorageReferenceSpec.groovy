package dev.skiff.containersstorage

import dev.skiff.name.InvalidReferenceException
import dev.skiff.transport.Transports
import dev.skiff.transport.containersstorage.ContainersStorageReference
import spock.lang.Specification

/**
 * containers-storage: references parse as containers/image's storage transport parses them
 * (storage_transport.go ParseReference / ParseStoreReference), and print back to what parses
 * to the same reference.
 */
class ContainersStorageReferenceSpec extends Specification {
    static final String ID = 'b' * 64
    static final String DIGEST = "sha256:${'c' * 64}"

    def "#input is #printed"() {
        when:
        def ref = Transports.parse(input)

        then:
        ref.toString() == printed
        Transports.parse(ref.toString()) == ref

        where:
        input                                                                   || printed
        'containers-storage:busybox'                                            || 'containers-storage:docker.io/library/busybox:latest'
        'containers-storage:localhost/nginx-airgap:latest'                      || 'containers-storage:localhost/nginx-airgap:latest'
        'containers-storage:quay.io/team/app:v1'                                || 'containers-storage:quay.io/team/app:v1'
        "containers-storage:quay.io/team/app@${DIGEST}"                         || "containers-storage:quay.io/team/app@${DIGEST}"
        "containers-storage:quay.io/team/app:v1@${DIGEST}"                      || "containers-storage:quay.io/team/app:v1@${DIGEST}"
        "containers-storage:${ID}"                                              || "containers-storage:@${ID}"
        "containers-storage:@${ID}"                                             || "containers-storage:@${ID}"
        "containers-storage:app:v1@${ID}"                                       || "containers-storage:docker.io/library/app:v1@${ID}"
        'containers-storage:[vfs@/var/lib/g+/run/r]localhost/app:v1'            || 'containers-storage:[vfs@/var/lib/g+/run/r]localhost/app:v1'
        'containers-storage:[/var/lib/g]app'                                    || 'containers-storage:[/var/lib/g]docker.io/library/app:latest'
        'containers-storage:[overlay@/g+/r:overlay.mountopt=nodev,a=b]app:v1'   || 'containers-storage:[overlay@/g+/r:overlay.mountopt=nodev,a=b]docker.io/library/app:v1'
        "containers-storage:[vfs@/g]@${ID}"                                     || "containers-storage:[vfs@/g]@${ID}"
    }

    def "the store specifier is split as skopeo splits it"() {
        when:
        ContainersStorageReference ref = Transports.parse('containers-storage:[overlay@/g+/r:o1,o2]app:v1') as ContainersStorageReference

        then:
        ref.store().driver() == 'overlay'
        ref.store().graphRoot() == '/g'
        ref.store().runRoot() == '/r'
        ref.store().options() == ['o1', 'o2']
        ref.name().toString() == 'docker.io/library/app:v1'
        ref.imageId() == null
    }

    def "#input is refused, naming the input and why"() {
        when:
        Transports.parse(input)

        then:
        def e = thrown(InvalidReferenceException)
        // text before an '@' that could be user:password is masked in every message, so such inputs are named from the '@'
        e.message.contains(input) || input.contains('@') && e.message.contains(input.substring(input.lastIndexOf('@')))
        e.message.contains(why)

        where:
        input                                       || why
        'containers-storage:'                       || 'no image name or ID'
        'containers-storage:[vfs@/g+/r]'            || 'no image name or ID'
        'containers-storage:[]app'                  || 'the store specifier [] is empty'
        'containers-storage:[vfs@]app'              || 'needs a driver before'
        'containers-storage:[@/g]app'               || 'needs a driver before'
        'containers-storage:[vfs@g]app'             || 'the graph root "g" is not an absolute path'
        'containers-storage:[/g+r]app'              || 'the run root "r" is not an absolute path'
        'containers-storage:[/g app'                || "no closing ']'"
        'containers-storage:app@'                   || "nothing follows the last '@'"
        'containers-storage:app@abc123'             || 'neither a digest (sha256:…) nor an image ID'
        'containers-storage:Team/App:v1'            || 'lowercase'
        'containers-storage:app:bad tag'            || 'tag "bad tag"'
    }

    def "the transport is known by name, so a typo still lists it"() {
        when:
        Transports.parse('container-storage:app')

        then:
        def e = thrown(InvalidReferenceException)
        e.message.contains('containers-storage')
    }
}
