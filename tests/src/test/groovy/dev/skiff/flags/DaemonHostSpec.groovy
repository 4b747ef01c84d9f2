package dev.skiff.flags

import dev.skiff.rig.Archives
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.PodmanRig
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * skopeo's --daemon-host (--src-/--dest- on copy): docker-daemon: reaches the daemon it names, with
 * DOCKER_HOST unset, here a real podman service answering the Docker Engine API.
 */
@ResourceLock("podman")  // rootful podman shares its lock memory (/dev/shm) across storage roots
class DaemonHostSpec extends Specification {
    @Shared @AutoCleanup PodmanRig podman = PodmanRig.start()
    @TempDir Path dir

    Cli skiff(String... args) {
        Cli.exec([env: [DOCKER_HOST: null]], args)
    }

    def "copy --dest-daemon-host loads into the daemon named, inspect --daemon-host and copy --src-daemon-host read it back"() {
        given:
        Images.single("oci:${dir}/src:v1", [seed: 41])
        def config = Archives.configDigest("oci:${dir}/src:v1")

        when:
        def load = skiff('copy', '--dest-daemon-host', podman.dockerHost, "oci:${dir}/src:v1", 'docker-daemon:team/host:v1')
        def inspect = skiff('inspect', '--daemon-host', podman.dockerHost, '--format', '{{.Name}}', 'docker-daemon:team/host:v1')
        def back = skiff('copy', '--src-daemon-host', podman.dockerHost, 'docker-daemon:team/host:v1', "oci:${dir}/back:v1")

        then:
        load.exitCode == 0
        podman.engineGet('/images/json').find { it.RepoTags?.contains('docker.io/team/host:v1') }?.Id == config
        inspect.exitCode == 0
        inspect.out.trim() == 'docker.io/team/host'
        back.exitCode == 0
        Archives.layoutConfigDigest("oci:${dir}/back:v1") == config
    }
}
