package dev.skiff.dockerdaemon

import dev.skiff.rig.Archives
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.PodmanRig
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.transport.Transports
import groovy.json.JsonSlurper
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * docker-daemon: against {@code podman system service} (vfs, its own storage), which serves the
 * Docker Engine API on a unix socket as dockerd does; DOCKER_HOST points Skiff at it.
 */
@ResourceLock("podman")  // rootful podman shares its lock memory (/dev/shm) across storage roots
class DockerDaemonSpec extends Specification {
    @Shared
    @AutoCleanup
    PodmanRig podman = PodmanRig.start()

    @TempDir
    Path dir

    Cli skiff(String... args) {
        Cli.exec([env: [DOCKER_HOST: podman.dockerHost]], args)
    }

    def "an image copied into the daemon is listed by the Engine API, and copied back out with the same config digest"() {
        given:
        Images.single("oci:${dir}/src:v1", [seed: 31])
        def config = Archives.configDigest("oci:${dir}/src:v1")

        when:
        def load = skiff('copy', "oci:${dir}/src:v1", 'docker-daemon:team/daemon:v1')

        then:
        load.exitCode == 0
        def listed = podman.engineGet('/images/json').find { it.RepoTags?.contains('docker.io/team/daemon:v1') }
        listed != null
        listed.Id == config

        when:
        def back = skiff('copy', 'docker-daemon:team/daemon:v1', "oci:${dir}/back:v1")

        then:
        back.exitCode == 0
        Archives.layoutConfigDigest("oci:${dir}/back:v1") == config

        and: 'inspect reads the daemon image as skopeo shows it: Name from the reference, no RepoTags'
        def inspected = new JsonSlurper().parseText(skiff('inspect', 'docker-daemon:team/daemon:v1').out)
        inspected.Name == 'docker.io/team/daemon'
        inspected.RepoTags == []
        inspected.Layers == new JsonSlurper().parseText(Tools.skopeo('inspect', '--config', '--raw', "oci:${dir}/src:v1")).rootfs.diff_ids

        and: 'the image is also found by its ID, which is the config digest'
        new JsonSlurper().parseText(skiff('inspect', '--raw', "docker-daemon:${config}").out).config.digest == config
    }

    def "a registry image goes into the daemon (gzip layers stored uncompressed) and back to a registry, same config digest"() {
        given:
        def registry = RegistryRig.start()
        Images.single("oci:${dir}/src:v1", [seed: 32, format: 'docker'])
        assert Cli.run('copy', '-q', '--dest-tls-verify=false', "oci:${dir}/src:v1", registry.ref('team/reg:v1')).exitCode == 0

        when:
        def into = skiff('copy', '--src-tls-verify=false', registry.ref('team/reg:v1'), 'docker-daemon:team/reg:v1')
        def out = skiff('copy', '--dest-tls-verify=false', 'docker-daemon:team/reg:v1', registry.ref('team/reg:back'))

        then:
        into.exitCode == 0
        out.exitCode == 0
        Archives.configDigest(registry.ref('team/reg:back'), '--tls-verify=false') == Archives.layoutConfigDigest("oci:${dir}/src:v1")

        cleanup:
        registry?.stop()
    }

    def "skopeo reads the image Skiff put into the daemon"() {
        given:
        Images.single("oci:${dir}/src:v1", [seed: 33])
        skiff('copy', "oci:${dir}/src:v1", 'docker-daemon:team/peer:v1')

        expect:
        Tools.skopeo('inspect', '--raw', '--daemon-host', podman.dockerHost, 'docker-daemon:team/peer:v1').contains(
                Archives.configDigest("oci:${dir}/src:v1"))
    }

    def "without a daemon the error names the socket and says what to start"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def socket = dir.resolve('no-daemon.sock')

        when:
        def read = Cli.exec([env: [DOCKER_HOST: "unix://${socket}".toString()]], 'inspect', 'docker-daemon:team/app:v1')
        def write = Cli.exec([env: [DOCKER_HOST: "unix://${socket}".toString()]], 'copy', "oci:${dir}/src:v1", 'docker-daemon:team/app:v1')

        then:
        [read, write].every { run ->
            run.exitCode == 1 && run.err.contains("cannot connect to the Docker Engine API at unix://${socket}") &&
                    run.err.contains('podman system service') && run.err.contains('dockerd') && run.err.contains('DOCKER_HOST')
        }
    }

    def "an image the daemon does not have is reported by name"() {
        when:
        def run = skiff('inspect', 'docker-daemon:team/absent:v1')

        then:
        run.exitCode == 1
        run.err.contains('no image docker.io/team/absent:v1 in the Docker Engine API at unix://')
    }

    def "references follow skopeo: NAME:TAG, NAME@DIGEST or an image ID; a bare name is refused"() {
        expect:
        Transports.parse('docker-daemon:team/app:v1').toString() == 'docker-daemon:docker.io/team/app:v1'
        Transports.parse("docker-daemon:sha256:${'a' * 64}").toString() == "docker-daemon:sha256:${'a' * 64}"

        when:
        def bare = skiff('inspect', 'docker-daemon:team/app')
        def tcp = Cli.exec([env: [DOCKER_HOST: 'tcp://127.0.0.1:2375']], 'inspect', 'docker-daemon:team/app:v1')

        then:
        bare.exitCode != 0
        bare.err.contains('it has neither a tag nor a digest')
        tcp.exitCode == 1
        tcp.err.contains('DOCKER_HOST=tcp://127.0.0.1:2375 is not supported')
    }
}
