package dev.skiff.transports

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** oci-archive: both ways with skopeo and a real registry, digests equal, several tags per archive. */
class OciArchiveSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    String digestAt(String ref) {
        Tools.skopeo('inspect', '--tls-verify=false', '--format', '{{.Digest}}', ref).trim()
    }

    def "an archive skopeo writes is read by Skiff and pushed to a registry with the same digest"() {
        given:
        def image = Images.single("oci:${dir}/src:v1")
        Tools.skopeo('copy', "oci:${dir}/src:v1", "oci-archive:${dir}/skopeo.tar:v1")

        when:
        def run = Cli.run('copy', '--dest-tls-verify=false', "oci-archive:${dir}/skopeo.tar:v1", registry.ref('archive/one:v1'))

        then:
        run.exitCode == 0
        digestAt(registry.ref('archive/one:v1')) == image.digest().toString()
        Cli.run('inspect', '--format', '{{.Digest}}', "oci-archive:${dir}/skopeo.tar:v1").out.trim() == image.digest().toString()
    }

    def "an archive Skiff writes is read by skopeo, inspected and copied out, with the same digests"() {
        given:
        def image = Images.single("oci:${dir}/src:v1", [labels: [team: 'platform']])

        when:
        def run = Cli.run('copy', "oci:${dir}/src:v1", "oci-archive:${dir}/skiff.tar:v1")

        then:
        run.exitCode == 0
        Tools.skopeo('inspect', '--raw', "oci-archive:${dir}/skiff.tar:v1").bytes == image.raw()
        new JsonSlurper().parseText(Tools.skopeo('inspect', "oci-archive:${dir}/skiff.tar:v1")).Labels == [team: 'platform']

        when: 'skopeo copies it out to a registry'
        Tools.skopeo('copy', '--dest-tls-verify=false', "oci-archive:${dir}/skiff.tar:v1", registry.ref('archive/two:v1'))

        then:
        digestAt(registry.ref('archive/two:v1')) == image.digest().toString()

        and: 'only the archive was written, no temp files next to it'
        Files.list(dir).toList().collect { it.fileName.toString() }.sort() == ['skiff.tar', 'src']
    }

    def "one archive holds several tags; writing one tag replaces it and keeps the others"() {
        given:
        def first = Images.single("oci:${dir}/src:a")
        def second = Images.single("oci:${dir}/src:b")
        def third = Images.single("oci:${dir}/src:c")
        def archive = "oci-archive:${dir}/many.tar"

        when:
        ['a', 'b'].each { assert Cli.run('copy', '-q', "oci:${dir}/src:${it}", "${archive}:${it}").exitCode == 0 }
        def replaced = Cli.run('copy', '-q', "oci:${dir}/src:c", "${archive}:a")

        then:
        replaced.exitCode == 0
        new JsonSlurper().parseText(Cli.run('list-tags', archive).out) == [Tags: ['b', 'a']] // no Repository for an archive, as skopeo
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "${archive}:a").trim() == third.digest().toString()
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "${archive}:b").trim() == second.digest().toString()
        first.digest() != third.digest()

        when: 'no tag given, several images'
        def ambiguous = Cli.run('inspect', archive)

        then:
        ambiguous.exitCode == 1
        ambiguous.err.contains("the OCI archive ${dir}/many.tar holds 2 images; name one: ${archive}:b, ${archive}:a")
    }

    def "a multi-platform index goes through archives both ways with --all, index digest kept"() {
        given:
        def index = Images.multi("oci:${dir}/src:multi")

        when: 'Skiff writes the archive, skopeo copies it into another archive, Skiff pushes that'
        def out = Cli.run('copy', '--all', "oci:${dir}/src:multi", "oci-archive:${dir}/skiff.tar:multi")
        Tools.skopeo('copy', '--all', "oci-archive:${dir}/skiff.tar:multi", "oci-archive:${dir}/skopeo.tar:multi")
        def push = Cli.run('copy', '--all', '--dest-tls-verify=false', "oci-archive:${dir}/skopeo.tar:multi", registry.ref('archive/multi:m'))

        then:
        out.exitCode == 0
        push.exitCode == 0
        Tools.skopeo('inspect', '--raw', "oci-archive:${dir}/skiff.tar:multi").bytes == index.raw()
        Tools.skopeo('inspect', '--tls-verify=false', '--raw', registry.ref('archive/multi:m')).bytes == index.raw()
    }
}
