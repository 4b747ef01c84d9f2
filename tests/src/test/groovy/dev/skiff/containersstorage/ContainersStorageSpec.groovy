package dev.skiff.containersstorage

import dev.skiff.rig.Archives
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * containers-storage: against the real Podman, through the service Skiff starts for the store the
 * reference names ({@code [vfs@ROOT+RUNROOT]} in a temp folder, so the machine's store is never
 * touched), and against skopeo writing and reading the same store directly.
 */
@ResourceLock("podman")  // rootful podman shares its lock memory (/dev/shm) across storage roots
class ContainersStorageSpec extends Specification {
    /** Short on purpose: Podman refuses a run root over 50 characters, and Spock's temp folder names are long. */
    @Shared
    Path shared = Files.createTempDirectory('cs-')

    @TempDir
    Path dir

    /** The store every feature uses: its own graph root and run root, vfs (plain folders, no mounts). */
    String getStore() {
        "[vfs@${shared.resolve('root')}+${shared.resolve('runroot')}]"
    }

    String cs(String name) {
        "containers-storage:${store}${name}"
    }

    /** Podman's own command on the same store. */
    String podman(String... args) {
        Tools.run(['podman', '--storage-driver', 'vfs', '--root', shared.resolve('root').toString(),
                   '--runroot', shared.resolve('runroot').toString()] + args.toList())
    }

    /** Podman's view of the image called {@code name}, from {@code podman images --format json}; null when absent. */
    Map listed(String name) {
        (new JsonSlurper().parseText(podman('images', '--format', 'json')) as List<Map>).find { it.Names?.contains(name) }
    }

    static String manifestDigest(String ref) {
        Archives.sha256(Tools.skopeo('inspect', '--raw', ref).getBytes('UTF-8'))
    }

    def cleanupSpec() {
        // vfs layers are plain folders; podman's own reset leaves no locks or state behind
        Tools.run(['podman', '--storage-driver', 'vfs', '--root', shared.resolve('root').toString(),
                   '--runroot', shared.resolve('runroot').toString(), 'system', 'reset', '--force'])
        shared.toFile().deleteDir()
    }

    def "an oci-archive goes into the store as the air-gap runbook does: Podman's image ID is the config digest, the digest is kept"() {
        given:
        Images.single("oci-archive:${dir}/nginx.tar:latest")
        def config = Archives.configDigest("oci-archive:${dir}/nginx.tar:latest")
        def digest = manifestDigest("oci-archive:${dir}/nginx.tar:latest")

        when:
        def run = Cli.run('copy', "oci-archive:${dir}/nginx.tar:latest", cs('localhost/nginx-airgap:latest'))

        then:
        run.exitCode == 0
        def image = listed('localhost/nginx-airgap:latest')
        image != null
        "sha256:${image.Id}" == config
        image.Digest == digest
        (new JsonSlurper().parseText(podman('image', 'inspect', 'localhost/nginx-airgap:latest')) as List)[0].Id == config.substring(7)

        and: 'skopeo, reading the store directly, sees the same manifest and config'
        Archives.configDigest(cs('localhost/nginx-airgap:latest')) == config
        new JsonSlurper().parseText(Tools.skopeo('inspect', cs('localhost/nginx-airgap:latest'))).Digest == digest
    }

    def "a Docker v2s2 image goes in as it is, and a short name is normalised as skopeo does"() {
        given:
        Images.single("oci:${dir}/src:v1", [format: 'docker'])
        def config = Archives.layoutConfigDigest("oci:${dir}/src:v1")

        when:
        def run = Cli.run('copy', "oci:${dir}/src:v1", cs('shortname'))

        then:
        run.exitCode == 0
        "sha256:${listed('docker.io/library/shortname:latest').Id}" == config
    }

    def "an image skopeo put into the store comes out to oci: with the same config and diff_ids, and umoci reads it"() {
        given:
        Images.single("oci:${dir}/src:v1")
        Tools.skopeo('copy', "oci:${dir}/src:v1", cs('localhost/from-skopeo:v1'))
        def config = Archives.layoutConfigDigest("oci:${dir}/src:v1")

        when:
        def run = Cli.run('copy', cs('localhost/from-skopeo:v1'), "oci:${dir}/back:v1")

        then:
        run.exitCode == 0
        Archives.layoutConfigDigest("oci:${dir}/back:v1") == config
        Tools.umoci('stat', '--image', "${dir}/back:v1")

        and: 'found by its image ID too'
        Cli.run('copy', cs("@${config.substring(7)}"), "oci:${dir}/by-id:v1").exitCode == 0
        Archives.layoutConfigDigest("oci:${dir}/by-id:v1") == config
    }

    def "inspect shows what skopeo shows for the same image (the stored digest), layers aside"() {
        given:
        Images.single("oci:${dir}/src:v1", [labels: [team: 'store']])
        Cli.run('copy', "oci:${dir}/src:v1", cs('localhost/inspected:v1'))

        when:
        def ours = new JsonSlurper().parseText(Cli.run('inspect', cs('localhost/inspected:v1')).out)
        def theirs = new JsonSlurper().parseText(Tools.skopeo('inspect', cs('localhost/inspected:v1')))

        then:
        ours.subMap(['Name', 'Digest', 'RepoTags', 'Created', 'DockerVersion', 'Labels', 'Architecture', 'Os', 'Env']) ==
                theirs.subMap(['Name', 'Digest', 'RepoTags', 'Created', 'DockerVersion', 'Labels', 'Architecture', 'Os', 'Env'])
        ours.Labels.team == 'store'
        ours.Layers.size() == theirs.Layers.size()
    }

    def "delete removes the image from the store; deleting it again says it is not there"() {
        given:
        Images.single("oci:${dir}/src:v1")
        Cli.run('copy', "oci:${dir}/src:v1", cs('localhost/doomed:v1'))
        assert listed('localhost/doomed:v1') != null

        when:
        def first = Cli.run('delete', cs('localhost/doomed:v1'))
        def again = Cli.run('delete', cs('localhost/doomed:v1'))

        then:
        first.exitCode == 0
        listed('localhost/doomed:v1') == null
        again.exitCode == 1
        again.err.contains("no image ${cs('localhost/doomed:v1')}")
    }

    def "sync imports every image of a bundle into the store in one command, and a second run copies nothing"() {
        given:
        ['alpha', 'beta', 'gamma'].each { Images.single("oci:${dir}/bundle:team/${it}:v1") }

        when:
        def first = Cli.run('sync', '--src', 'oci', '--dest', 'containers-storage', "${dir}/bundle", "containers-storage:${store}")
        def second = Cli.run('sync', '--src', 'oci', '--dest', 'containers-storage', "${dir}/bundle", "containers-storage:${store}")

        then:
        first.exitCode == 0
        ['alpha', 'beta', 'gamma'].every { listed("docker.io/team/${it}:v1") != null }
        second.exitCode == 0
        !second.out.contains('Copied')

        when: 'and from the store into a new layout'
        def out = Cli.run('sync', '--src', 'containers-storage', '--dest', 'oci', "containers-storage:${store}", "${dir}/out")

        then:
        out.exitCode == 0
        Tools.umoci('stat', '--image', "${dir}/out:docker.io/team/beta:v1")
    }

    def "a multi-platform image goes in as one platform; --all is refused and nothing is imported"() {
        given:
        Images.multi("oci:${dir}/multi:v1")

        when:
        def all = Cli.run('copy', '--all', "oci:${dir}/multi:v1", cs('localhost/multi-all:v1'))
        def one = Cli.run('copy', "oci:${dir}/multi:v1", cs('localhost/multi-one:v1'))

        then:
        all.exitCode == 1
        all.err.contains('holds single images')
        listed('localhost/multi-all:v1') == null
        one.exitCode == 0
        listed('localhost/multi-one:v1') != null
    }

    def "an image the store does not have is named, and nothing is written"() {
        when:
        def inspect = Cli.run('inspect', cs('localhost/absent:v1'))
        def copy = Cli.run('copy', cs('localhost/absent:v1'), "oci:${dir}/never:v1")

        then:
        [inspect, copy].every { it.exitCode == 1 && it.err.contains("no image ${cs('localhost/absent:v1')}") }
        !Files.exists(dir.resolve('never/index.json'))
    }

    def "bad input fails in one line naming it: a malformed reference, list-tags, a store Podman cannot open, no service at CONTAINER_HOST, no podman"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def socket = dir.resolve('nothing.sock')

        when:
        def malformed = Cli.run('inspect', 'containers-storage:[vfs@relative]app:v1')
        def tags = Cli.run('list-tags', cs('localhost/app'))
        def badStore = Cli.run('copy', "oci:${dir}/src:v1", "containers-storage:[nosuchdriver@${dir}/g+${dir}/r]localhost/app:v1")
        def noService = Cli.exec([env: [CONTAINER_HOST: "unix://${socket}".toString()]], 'inspect', 'containers-storage:localhost/app:v1')
        def noPodman = Cli.exec([env: [PATH: dir.toString()]], 'inspect', cs('localhost/app:v1'))

        then:
        malformed.exitCode != 0
        malformed.err.contains('the graph root "relative" is not an absolute path')
        tags.exitCode == 1
        tags.err.contains('the containers-storage transport has no tag list')
        badStore.exitCode == 1
        badStore.err.contains("Podman's service for the store [nosuchdriver@${dir}/g+${dir}/r] exited")
        !Files.exists(dir.resolve('g/vfs-images'))
        noService.exitCode == 1
        noService.err.contains("CONTAINER_HOST=unix://${socket}")
        noPodman.exitCode == 1
        noPodman.err.contains('install podman')
        [malformed, tags, badStore, noService, noPodman].every { it.err.readLines().findAll { it.trim() }.size() == 1 }
    }
}
