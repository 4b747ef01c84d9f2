package dev.skiff.cli

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** list-tags through the real command, against a real registry (compared with skopeo) and an OCI layout. */
class ListTagsSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    def "a registry repository's tags print exactly as skopeo prints them"() {
        given:
        ['v1', 'v2', 'latest'].each { Images.single(registry.ref("team/tags:${it}"), [seed: 7]) }
        def repo = "docker://${registry.host}/team/tags"

        when:
        def run = Cli.run('list-tags', '--tls-verify=false', repo)

        then:
        run.exitCode == 0
        run.out == Tools.skopeo('list-tags', '--tls-verify=false', repo)
        new JsonSlurper().parseText(run.out).Tags as Set == ['v1', 'v2', 'latest'] as Set
    }

    def "an OCI layout lists its ref names"() {
        given:
        Images.single("oci:${dir}/layout:a", [seed: 1])
        Images.single("oci:${dir}/layout:b", [seed: 2])

        when:
        def run = Cli.run('list-tags', "oci:${dir}/layout")

        then:
        run.exitCode == 0
        new JsonSlurper().parseText(run.out) == [Tags: ['a', 'b']]
    }

    def "a tagged repository is refused with the form to use instead"() {
        when:
        def run = Cli.run('list-tags', '--tls-verify=false', "docker://${registry.host}/team/tags:v1")

        then:
        run.exitCode == 1
        run.err.contains("drop the tag or digest")
        run.err.contains("docker://${registry.host}/team/tags)")
    }
}
