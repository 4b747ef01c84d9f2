package dev.skiff.flags

import dev.skiff.rig.Cli
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/** sync's --format, as skopeo's: every manifest written in the format asked for, which skopeo reads. */
class SyncFlagsSpec extends Specification {
    @TempDir Path dir

    def "sync --format #format writes each image's manifest as #mediaType"() {
        given:
        assert Cli.run('sample-image', "oci:${dir}/bundle:v1").exitCode == 0

        when:
        def run = Cli.run('sync', '--src', 'oci', '--dest', 'dir', '--format', format, dir.resolve('bundle').toString(), dir.resolve('out').toString())

        then:
        run.exitCode == 0
        run.out.contains('1 copied')
        new JsonSlurper().parseText(Tools.skopeo('inspect', '--raw', "dir:${dir}/out/v1")).mediaType == mediaType

        where:
        format | mediaType
        'v2s2' | 'application/vnd.docker.distribution.manifest.v2+json'
        'oci'  | 'application/vnd.oci.image.manifest.v1+json'
    }
}
