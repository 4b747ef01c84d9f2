package dev.skiff.dockerarchive

import dev.skiff.rig.Archives
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.PodmanRig
import groovy.json.JsonSlurper
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** docker-archive: against real Podman (vfs, its own storage): podman load of what Skiff wrote, Skiff reading podman save. */
@ResourceLock("podman")  // rootful podman shares its lock memory (/dev/shm) across storage roots
class DockerArchivePodmanSpec extends Specification {
    @Shared
    @AutoCleanup
    PodmanRig podman = PodmanRig.storage()

    @TempDir
    Path dir

    String image(String name, int seed) {
        Images.single("oci:${dir}/src:${name}", [seed: seed])
        "oci:${dir}/src:${name}"
    }

    def "podman load accepts the archive Skiff wrote, keeping the image ID (the config digest) and the tag"() {
        given:
        def src = image('a', 11)
        Cli.run('copy', src, "docker-archive:${dir}/a.tar:team/loaded:v1")

        when:
        def out = podman.podman('load', '-i', dir.resolve('a.tar').toString())

        then:
        out.contains('Loaded image: docker.io/team/loaded:v1')
        'sha256:' + podman.podman('image', 'inspect', '--format', '{{.Id}}', 'docker.io/team/loaded:v1').trim() == Archives.configDigest(src)
    }

    def "Skiff reads what podman save wrote, the config digest unchanged"() {
        given:
        def src = image('b', 12)
        Cli.run('copy', src, "docker-archive:${dir}/b.tar:team/saved:v1")
        podman.podman('load', '-i', dir.resolve('b.tar').toString())
        podman.podman('save', '-o', dir.resolve('saved.tar').toString(), 'docker.io/team/saved:v1')

        when:
        def copy = Cli.run('copy', "docker-archive:${dir}/saved.tar:team/saved:v1", "oci:${dir}/out:v1")

        then:
        copy.exitCode == 0
        Archives.layoutConfigDigest("oci:${dir}/out:v1") == Archives.configDigest(src)
    }

    def "an archive podman saved with several images is read by @N and by each tag"() {
        given:
        def one = image('one', 21)
        def two = image('two', 22)
        Cli.run('copy', one, "docker-archive:${dir}/one.tar:team/one:v1")
        Cli.run('copy', two, "docker-archive:${dir}/two.tar:team/two:v1")
        podman.podman('load', '-i', dir.resolve('one.tar').toString())
        podman.podman('load', '-i', dir.resolve('two.tar').toString())
        podman.podman('tag', 'docker.io/team/two:v1', 'docker.io/team/two:v2')
        podman.podman('save', '-m', '-o', dir.resolve('multi.tar').toString(),
                'docker.io/team/one:v1', 'docker.io/team/two:v1', 'docker.io/team/two:v2')
        def items = Archives.json(Archives.entries(dir.resolve('multi.tar'))['manifest.json'])

        expect:
        items.size() == 2
        configOf("docker-archive:${dir}/multi.tar:team/one:v1") == Archives.configDigest(one)
        configOf("docker-archive:${dir}/multi.tar:team/two:v2") == Archives.configDigest(two)
        configOf("docker-archive:${dir}/multi.tar:@0") == 'sha256:' + (items[0].Config - '.json')
        configOf("docker-archive:${dir}/multi.tar:@1") == 'sha256:' + (items[1].Config - '.json')

        and:
        Cli.run('copy', "docker-archive:${dir}/multi.tar:team/two:v2", "oci:${dir}/out:two").exitCode == 0
        Archives.layoutConfigDigest("oci:${dir}/out:two") == Archives.configDigest(two)
        new JsonSlurper().parseText(Cli.run('list-tags', "docker-archive:${dir}/multi.tar").out).Tags as Set ==
                ['docker.io/team/one:v1', 'docker.io/team/two:v1', 'docker.io/team/two:v2'] as Set
    }

    private String configOf(String ref) {
        def run = Cli.run('inspect', '--raw', ref)
        assert run.exitCode == 0: run.toString()
        new JsonSlurper().parseText(run.out).config.digest
    }
}
