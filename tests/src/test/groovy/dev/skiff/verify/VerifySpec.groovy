package dev.skiff.verify

import dev.skiff.Skiff
import dev.skiff.copy.CopyOptions
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

/** verify SOURCE DESTINATION: digests compared across every transport, through the real command. */
class VerifySpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    /** Copies with the library (the command under test is verify, not copy). */
    static void copy(String from, String to, boolean all = false) {
        Skiff.copy(from, to, CopyOptions.defaults().withAll(all), Images.PLAIN_HTTP, Images.PLAIN_HTTP, null)
    }

    String ref(String template) {
        template.replace('DIR', dir.toString()).replace('REG', "docker://${registry.host}")
    }

    def "an image and its copy verify as equal, from #from to #to"() {
        given:
        def source = ref(from)
        def destination = ref(to)
        def image = all ? Images.multi(source) : Images.single(source)
        copy(source, destination, all)

        when:
        def run = Cli.run(*(['verify', '--src-tls-verify=false', '--dest-tls-verify=false'] + (all ? ['--all'] : [])
                + [source, destination]))

        then:
        run.exitCode == 0
        run.out.contains(image.digest().toString())
        run.out.readLines().last() == "Verified: ${destination} holds what ${source} holds".toString()
        run.out.readLines().count { it.endsWith(' yes') } == (all ? 3 : 1)

        where:
        from                       | to                           | all
        'REG/verify/a:v1'          | 'oci:DIR/layout:v1'          | false
        'oci:DIR/layout:v1'        | 'REG/verify/b:v1'            | false
        'oci-archive:DIR/a.tar:v1' | 'REG/verify/c:v1'            | false
        'REG/verify/d:v1'          | 'oci-archive:DIR/b.tar:v1'   | true
        'oci:DIR/layout:v1'        | 'dir:DIR/plain'              | false
        'dir:DIR/plain-src'        | 'oci:DIR/layout:v2'          | false
        'oci:DIR/multi:v1'         | 'REG/verify/e:v1'            | true
    }

    def "two different images do not verify: the table says NO and the exit code is 1 (#to)"() {
        given:
        def one = Images.single(ref('oci:DIR/one:v1'))
        def other = Images.single(ref(to))

        when:
        def run = Cli.run('verify', '--dest-tls-verify=false', ref('oci:DIR/one:v1'), ref(to))

        then:
        run.exitCode == 1
        run.out =~ /${one.digest()}\s+${other.digest()}\s+NO/
        run.out.contains('Note: linux/amd64: other layers')
        run.out.readLines().last().startsWith('Mismatch: ')

        where:
        to << ['REG/verify/other:v1', 'oci-archive:DIR/other.tar:v1']
    }

    def "the runbook case: a multi-platform source copied without --all verifies by its platform's child"() {
        given:
        def index = Images.multi(ref('REG/verify/multi:v1'))
        copy(ref('REG/verify/multi:v1'), ref('oci:DIR/carried:v1'))
        def skopeoSays = Tools.skopeo('inspect', '--format', '{{.Digest}}', ref("oci:DIR/carried:v1")).trim()

        when:
        def run = Cli.run('verify', '--src-tls-verify=false', ref('REG/verify/multi:v1'), ref('oci:DIR/carried:v1'))

        then: 'comparing inspect digests by hand would wrongly report a mismatch'
        skopeoSays != index.digest().toString()

        and: 'verify compares the child that was copied, and says the others were not copied'
        run.exitCode == 0
        run.out =~ /linux\/amd64\s+${skopeoSays}\s+${skopeoSays}\s+yes/
        run.out =~ /linux\/arm64\s+sha256:\S+\s+-\s+not copied/
        run.out.contains('Note: linux/amd64 matched: the destination holds the source\'s linux/amd64 image, not the whole index')
        run.out.contains('Note: not copied (the copy took one platform): linux/arm64; copy with --all to carry every platform')

        when: 'with --all every child must be there'
        def strict = Cli.run('verify', '--all', '--src-tls-verify=false', ref('REG/verify/multi:v1'), ref('oci:DIR/carried:v1'))

        then:
        strict.exitCode == 1
        strict.out =~ /linux\/arm64\s+sha256:\S+\s+-\s+missing/
        strict.out.contains('every platform was asked for, but the destination holds one image (')
        strict.out.contains('not the whole index; copy with --all to carry every platform')
    }

    def "a converted manifest (skopeo --format v2s2) verifies by config digest and diff_ids, and says so"() {
        given:
        def image = Images.single(ref('oci:DIR/src:v1'))
        Tools.skopeo('copy', '--dest-tls-verify=false', '--format', 'v2s2', ref('oci:DIR/src:v1'), ref('REG/verify/v2s2:v1'))

        when:
        def run = Cli.run('verify', '--dest-tls-verify=false', ref('oci:DIR/src:v1'), ref('REG/verify/v2s2:v1'))

        then:
        run.exitCode == 0
        run.out =~ /linux\/amd64\s+${image.digest()}\s+sha256:\S+\s+same content/
        run.out.contains('so the config digest')
        run.out.contains('diff_ids were compared instead: they are the same')
    }

    def "--json gives the rows and the verdict for a script"() {
        given:
        def index = Images.multi(ref('oci:DIR/src:v1'))
        copy(ref('oci:DIR/src:v1'), ref('oci:DIR/dst:v1'), true)

        when:
        def run = Cli.run('verify', '--all', '--json', ref('oci:DIR/src:v1'), ref('oci:DIR/dst:v1'))
        def json = new JsonSlurper().parseText(run.out)

        then:
        run.exitCode == 0
        json.Match == true
        json.Source == ref('oci:DIR/src:v1')
        json.Images*.Platform == ['(index)', 'linux/amd64', 'linux/arm64']
        json.Images[0].SourceDigest == index.digest().toString()
        json.Images*.Status == ['match', 'match', 'match']
    }

    def "bad usage exits 2: #args"() {
        expect:
        Cli.run(*(['verify'] + args)).exitCode == 2

        where:
        args << [['oci:/x'], ['--deep', 'oci:/x', 'oci:/y'], ['--diff-ids', 'oci:/x', 'oci:/y']]
    }
}
