package dev.skiff.flags

import dev.skiff.rig.Cli
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** copy's --digestfile, --additional-tag and --dest-precompute-digests, as skopeo has them. */
class CopyOutputFlagsSpec extends Specification {
    @TempDir Path dir

    def "--digestfile holds the written manifest's digest, byte for byte what skopeo writes for the same copy"() {
        given:
        assert Cli.run('sample-image', "oci:${dir}/src:v1").exitCode == 0

        when:
        def run = Cli.run('copy', '--digestfile', "${dir}/skiff.digest".toString(), "oci:${dir}/src:v1", "dir:${dir}/a")
        Tools.skopeo('copy', '--digestfile', "${dir}/skopeo.digest".toString(), "oci:${dir}/src:v1", "dir:${dir}/b")

        then:
        run.exitCode == 0
        Files.readString(dir.resolve('skiff.digest')) ==~ /sha256:[0-9a-f]{64}/
        Files.readAllBytes(dir.resolve('skiff.digest')) == Files.readAllBytes(dir.resolve('skopeo.digest'))
    }

    def "--additional-tag names the image in a docker-archive's RepoTags, and skopeo reads it by each name"() {
        given:
        assert Cli.run('sample-image', "oci:${dir}/src:v1").exitCode == 0
        def archive = dir.resolve('app.tar')

        when:
        def run = Cli.run('copy', '--additional-tag', 'team/app:latest', '--additional-tag', 'mirror.local/app:v1',
                "oci:${dir}/src:v1", "docker-archive:${archive}:team/app:v1")

        then:
        run.exitCode == 0
        def manifest = new JsonSlurper().parseText(Tools.run(['tar', '-xOf', archive.toString(), 'manifest.json']))
        manifest[0].RepoTags == ['docker.io/team/app:v1', 'docker.io/team/app:latest', 'mirror.local/app:v1']
        ['team/app:v1', 'team/app:latest', 'mirror.local/app:v1'].every {
            Tools.skopeo('inspect', '--format', '{{.Digest}}', "docker-archive:${archive}:${it}").trim().startsWith('sha256:')
        }
    }

    def "an --additional-tag that is not NAME:TAG fails before anything is written"() {
        given:
        assert Cli.run('sample-image', "oci:${dir}/src:v1").exitCode == 0

        when:
        def run = Cli.run('copy', '--additional-tag', 'team/app@sha256:' + 'a' * 64, "oci:${dir}/src:v1", "docker-archive:${dir}/x.tar")

        then:
        run.exitCode == 1
        run.err.contains('invalid additional tag')
        !Files.exists(dir.resolve('x.tar'))
    }

    def "--dest-precompute-digests is accepted (Skiff always knows a layer's digest before it uploads it)"() {
        given:
        assert Cli.run('sample-image', "oci:${dir}/src:v1").exitCode == 0

        expect:
        Cli.run('copy', '--dest-precompute-digests', "oci:${dir}/src:v1", "oci:${dir}/dst:v1").exitCode == 0
    }
}
