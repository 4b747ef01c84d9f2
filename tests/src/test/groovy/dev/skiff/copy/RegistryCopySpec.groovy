package dev.skiff.copy

import dev.skiff.model.ImageIndex
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import groovy.json.JsonSlurper
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** Copies between OCI layouts and a real docker-registry, through the real command, checked by skopeo. */
class RegistryCopySpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    def "an image pushed by Skiff is read by skopeo with the source digest, and pulled back unchanged"() {
        given:
        def image = Images.single("oci:${dir}/layout:v1")
        def remote = registry.ref('team/app:v1')

        when:
        def push = Cli.run('copy', '--dest-tls-verify=false', "oci:${dir}/layout:v1", remote)

        then:
        push.exitCode == 0
        push.out.contains("Copied oci:${dir}/layout:v1 to ${remote}: ${image.digest()}")
        Tools.skopeo('inspect', '--tls-verify=false', '--format', '{{.Digest}}', remote).trim() == image.digest().toString()

        when:
        def pull = Cli.run('copy', '--src-tls-verify=false', remote, "oci:${dir}/out:v1")

        then:
        pull.exitCode == 0
        Transports.parse("oci:${dir}/out:v1").openSource(TransportOptions.defaults()).manifest().raw() == image.raw()
        Tools.umoci('stat', '--image', "${dir}/out:v1").contains('LAYER')
    }

    def "Skiff pulls what skopeo pushed into a layout with the digest skopeo's own pull gives (a v2s2 image becomes OCI in both)"() {
        given:
        // Staged in the registry: skopeo 1.9 does not read Docker-format manifests from an OCI layout.
        Images.single(registry.ref("staging/${format}:v1"), [format: format])
        def remote = registry.ref("by-skopeo/${format}:v1")
        Tools.skopeo('copy', '--src-tls-verify=false', '--dest-tls-verify=false', registry.ref("staging/${format}:v1"), remote)
        Tools.skopeo('copy', '--src-tls-verify=false', remote, "oci:${dir}/by-skopeo:v1")
        def skopeoDigest = Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${dir}/by-skopeo:v1").trim()

        when:
        def pull = Cli.run('copy', '--src-tls-verify=false', remote, "oci:${dir}/pulled:v1")
        def inspect = Cli.run('inspect', '--format', '{{.Digest}}', "oci:${dir}/pulled:v1")

        then:
        pull.exitCode == 0
        inspect.out.trim() == skopeoDigest

        where:
        format << ['oci', 'docker']
    }

    def "--all pushes the whole index and keeps its digest; skopeo sees every child"() {
        given:
        def index = Images.multi("oci:${dir}/layout:multi") as ImageIndex
        def remote = registry.ref('team/app:multi')

        when:
        def push = Cli.run('copy', '--all', '--dest-tls-verify=false', "oci:${dir}/layout:multi", remote)

        then:
        push.exitCode == 0
        Tools.skopeo('inspect', '--tls-verify=false', '--raw', remote).bytes == index.raw()
        index.manifests().every { child ->
            Tools.skopeo('inspect', '--tls-verify=false', '--format', '{{.Digest}}',
                    registry.ref("team/app@${child.digest()}")).trim() == child.digest().toString()
        }

        when: 'pulled back with --all'
        def pull = Cli.run('copy', '--all', '--src-tls-verify=false', remote, "oci:${dir}/back:multi")

        then:
        pull.exitCode == 0
        Cli.run('inspect', '--format', '{{.Digest}}', "oci:${dir}/back:multi").out.trim() == index.digest().toString()
    }

    def "inspect prints skopeo's JSON fields for a registry image, and --format fills a template"() {
        given:
        def image = Images.single(registry.ref('inspect/me:v1'), [labels: [team: 'platform']])
        def remote = registry.ref('inspect/me:v1')

        when:
        def json = new JsonSlurper().parseText(Cli.run('inspect', '--tls-verify=false', remote).out)
        def skopeo = new JsonSlurper().parseText(Tools.skopeo('inspect', '--tls-verify=false', remote))

        then:
        json.Name == "${registry.host}/inspect/me".toString()
        json.Digest == image.digest().toString()
        json.RepoTags == ['v1']
        json.Labels == [team: 'platform']
        ['Name', 'Digest', 'RepoTags', 'Created', 'DockerVersion', 'Labels', 'Architecture', 'Os', 'Layers', 'Env'].every {
            json[it] == skopeo[it]
        }
        json.LayersData*.Digest == json.Layers

        expect:
        Cli.run('inspect', '--tls-verify=false', '--format', 'Name: {{.Name}} Digest: {{.Digest}}', remote).out.trim() ==
                "Name: ${registry.host}/inspect/me Digest: ${image.digest()}".toString()
    }

    def "the first copy to a second repository of the same registry mounts blobs instead of sending them"() {
        given:
        Images.single(registry.ref('mount/a:v1'))

        when:
        def copy = Cli.run('copy', '--src-tls-verify=false', '--dest-tls-verify=false', registry.ref('mount/a:v1'), registry.ref('mount/b:v1'))

        then:
        copy.exitCode == 0
        copy.out.contains('mounted')
        copy.out.contains('0 blobs copied')
    }

    def "#problem gives a clear error and exit code 1"() {
        given:
        def free = RegistryRig.freePort()

        when:
        def cli = Cli.run(*args.collect { it.replace('REG', registry.host).replace('FREE', "127.0.0.1:${free}") })

        then:
        cli.exitCode == 1
        cli.err.contains(message.replace('REG', registry.host).replace('FREE', "127.0.0.1:${free}"))

        where:
        problem                         | args                                                              | message
        'a registry not listening'      | ['inspect', '--tls-verify=false', 'docker://FREE/team/app:v1']    | 'cannot connect to FREE'
        'a missing tag'                 | ['inspect', '--tls-verify=false', 'docker://REG/team/app:v9']     | 'no image team/app:v9 in REG'
        'TLS against plain HTTP'        | ['inspect', 'docker://REG/team/app:v1']                           | '--tls-verify=false'
    }

    def "a failing copy never prints the credentials it was given"() {
        given:
        Images.single("oci:${dir}/layout:v1")
        def free = RegistryRig.freePort()

        when:
        def cli = Cli.run('copy', '--dest-creds', 'bob:s3cret-pass', '--dest-tls-verify=false',
                "oci:${dir}/layout:v1", "docker://127.0.0.1:${free}/team/app:v1")

        then:
        cli.exitCode == 1
        cli.err.contains("cannot connect to 127.0.0.1:${free}")
        !(cli.err + cli.out).contains('s3cret')
    }
}
