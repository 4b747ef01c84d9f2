package dev.skiff.dsl

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.sync.SyncDestination
import dev.skiff.sync.SyncSource
import dev.skiff.sync.SyncSpec
import dev.skiff.sync.TagSelection
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** Mirror plans: Groovy text read into lib's sync plans, run by the mirror command against real registries. */
class MirrorDslSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start()

    @TempDir
    Path dir

    def setupSpec() {
        ['v1', 'v2', 'v3-rc1'].each { Images.single(source.ref("team/web:${it}"), [seed: it]) }
        ['3.17.0', '3.18.2', '3.19.1', '4.0.0'].each { Images.single(source.ref("library/alpine:${it}"), [seed: it]) }
    }

    def "a plan's words become a sync plan value, with nothing imported"() {
        when:
        def plans = Mirror.plan("""
            mirror {
                from('127.0.0.1:5000') { tlsVerify false }
                images 'team/api:1.0', 'team/db'
                images('team/web') { tags ~/^v\\d+\$/ }
                images('library/alpine') { semver '>=3.18 <4' }
                platforms 'linux/arm64'
                to oci('./out')
                scoped true
                parallel 4
            }
        """)

        then:
        plans.size() == 1
        def plan = plans[0]
        plan.sources()*.repository() == ['127.0.0.1:5000/team/api:1.0', '127.0.0.1:5000/team/db', '127.0.0.1:5000/team/web', '127.0.0.1:5000/library/alpine']
        plan.sources().every { !it.options().tlsVerify() }
        plan.sources()[1].tags() == TagSelection.all()
        plan.sources()[2].tags() == TagSelection.regex('^v\\d+$')
        plan.sources()[3].tags().matches('3.19.1') && !plan.sources()[3].tags().matches('4.0.0')
        plan.destination() == SyncDestination.oci('./out')
        plan.platform().toString() == 'linux/arm64'
        plan.scoped()
        plan.parallel() == 4
    }

    def "short names on docker.io are normalised as docker does, and layouts and dir trees are sources"() {
        when:
        def plan = Mirror.plan("""
            mirror { from 'docker.io'; images 'nginx:alpine', 'library/redis:7-alpine'; to dir('./d') }
            mirror { from oci('./bundle'); to registry('127.0.0.1:5000') }
            mirror { from dir('./tree'); to oci('./o') }
        """)

        then:
        plan[0].sources()*.repository() == ['docker.io/nginx:alpine', 'docker.io/library/redis:7-alpine']
        plan[0].destination() == SyncDestination.dir('./d')
        plan[1].sources() == [new SyncSource.LayoutBundle(Path.of('./bundle'))]
        plan[1].destination().location() == '127.0.0.1:5000'
        plan[2].sources() == [new SyncSource.DirTree(Path.of('./tree'))]
    }

    def "a plan is Groovy: places in variables, loops, and several mirror blocks"() {
        when:
        def plans = Mirror.plan("""
            def site = registry('127.0.0.1:5999') { tlsVerify false; credentials 'bob', 'secret' }
            ['team', 'tools'].each { group ->
                mirror { from 'registry.example.com'; images "\${group}/app:1"; to site }
            }
        """)

        then:
        plans.size() == 2
        plans*.destination()*.location() == ['127.0.0.1:5999', '127.0.0.1:5999']
        plans*.destination().every { it.options().credentials().username() == 'bob' && !it.options().tlsVerify() }
        plans.collect { it.sources()[0].repository() } == ['registry.example.com/team/app:1', 'registry.example.com/tools/app:1']
    }

    def "the mirror command prints the plan, copies with the sync engine, renames, and prints sync's summary"() {
        given:
        def target = RegistryRig.start()
        def plan = dir.resolve('nightly.groovy')
        Files.writeString(plan, """
            mirror {
                from('${source.host}') { tlsVerify false }
                images('team/web') { tags ~/^v\\d+\$/ }
                images('library/alpine') { semver '>=3.18 <4' }
                to registry('${target.host}') { tlsVerify false }
                rename { repo -> "mirror/\${repo}" }
            }
        """)

        when:
        def run = mirror(plan.toString())

        then:
        run.exitCode == 0
        run.out.contains("Plan 1 of 1: docker://${source.host}/team/web (tags ~/^v\\d+\$/), docker://${source.host}/library/alpine (semver")
        run.out.contains('Sync done: 4 copied')
        SyncSpec.tags(target, 'mirror/team/web') == ['v1', 'v2'] as Set
        SyncSpec.tags(target, 'mirror/library/alpine') == ['3.18.2', '3.19.1'] as Set
        SyncSpec.digest(source, 'team/web:v2') == SyncSpec.digest(target, 'mirror/team/web:v2')

        when: 'run again: everything is up to date'
        def again = mirror(plan.toString())

        then:
        again.exitCode == 0
        again.out.contains('Sync done: 0 copied (0 B), 4 skipped as up to date, 0 failed')

        cleanup:
        target?.stop()
    }

    def "--dry-run and --parallel override the plan; credentials come from env() and never show"() {
        given:
        def target = RegistryRig.start(user: 'bob', password: 's3cret-pw')
        def plan = dir.resolve('push.groovy')
        Files.writeString(plan, """
            def site = registry('${target.host}') { tlsVerify false; credentials 'bob', env('SITE_PASSWORD') }
            mirror { from('${source.host}') { tlsVerify false }; images 'team/web:v1'; to site; parallel 2 }
        """)

        when:
        def dry = mirror([env: [SITE_PASSWORD: 's3cret-pw']], plan.toString(), '--dry-run', '--parallel', '1')

        then:
        dry.exitCode == 0
        dry.out.contains('parallel 1, dry run')
        dry.out.contains('Dry run, nothing written: 1 would be copied')

        when:
        def real = mirror([env: [SITE_PASSWORD: 's3cret-pw']], plan.toString())

        then:
        real.exitCode == 0
        real.out.contains('Sync done: 1 copied')
        !(real.out + real.err).contains('s3cret-pw')

        cleanup:
        target?.stop()
    }

    def "platforms with a list keeps an index of just those platforms' images, and a second run finds it up to date"() {
        given:
        def source = Images.write(this.source.ref('tools/multi:1'), [platforms: ['linux/amd64', 'linux/arm64', 'linux/s390x']])
        def target = RegistryRig.start()
        def plan = dir.resolve('two.groovy')
        Files.writeString(plan, """
            mirror {
                from('${this.source.host}') { tlsVerify false }
                images 'tools/multi:1'
                platforms 'linux/amd64', 'linux/arm64'
                to registry('${target.host}') { tlsVerify false }
            }
        """)

        when:
        def run = mirror(plan.toString())

        then:
        run.exitCode == 0
        run.out.contains('(platforms linux/amd64, linux/arm64, parallel 8)')
        run.out.contains('Sync done: 1 copied')
        def copied = new JsonSlurper().parseText(Tools.skopeo('inspect', '--raw', '--tls-verify=false', target.ref('multi:1')))
        copied.manifests*.platform*.architecture == ['amd64', 'arm64']
        copied.manifests*.digest == source.manifests().findAll { it.platform().architecture() != 's390x' }*.digest()*.toString()

        when:
        def again = mirror(plan.toString())

        then:
        again.exitCode == 0
        again.out.contains('Sync done: 0 copied (0 B), 1 skipped as up to date, 0 failed')

        cleanup:
        target?.stop()
    }

    def "a plan reads one platform, a list, or all"() {
        expect:
        Mirror.plan("mirror { from 'docker.io'; images 'nginx'; to dir('./d'); platforms ${words} }")[0].with {
            [all(), platform().toString(), platforms()*.toString()]
        } == expected

        where:
        words                            | expected
        "'linux/arm64'"                  | [false, 'linux/arm64', []]
        "'linux/amd64', 'linux/arm/v7'"  | [false, dev.skiff.model.Platform.current().toString(), ['linux/amd64', 'linux/arm/v7']]
        "'all'"                          | [true, dev.skiff.model.Platform.current().toString(), []]
    }

    def "an image that names its own registry is read from there, with that registry's settings from the plan"() {
        given:
        def other = RegistryRig.start()
        Images.single(other.ref('team/api:1.0'), [seed: 'other-api'])
        Images.single(other.ref('team/api:2.0'), [seed: 'other-api-2'])
        def target = RegistryRig.start()
        def plan = dir.resolve('two-registries.groovy')
        Files.writeString(plan, """
            registry('${other.host}') { tlsVerify false }      // how to reach the other registry
            mirror {
                from('${source.host}') { tlsVerify false }
                images 'team/web:v1'
                images('${other.host}/team/api') { tags ~/^1\\./ }
                to registry('${target.host}') { tlsVerify false }
                rename { repo -> "mirror/\${repo}" }
            }
        """)

        when:
        def plans = Mirror.plans(plan)

        then:
        plans[0].sources()*.repository() == ["${source.host}/team/web:v1", "${other.host}/team/api"]*.toString()

        when:
        def run = mirror(plan.toString())

        then:
        run.exitCode == 0
        run.out.contains('Sync done: 2 copied')
        SyncSpec.digest(target, 'mirror/team/web:v1') == SyncSpec.digest(source, 'team/web:v1')
        SyncSpec.tags(target, 'mirror/team/api') == ['1.0'] as Set
        SyncSpec.digest(target, 'mirror/team/api:1.0') == SyncSpec.digest(other, 'team/api:1.0')

        cleanup:
        other?.stop()
        target?.stop()
    }

    def "a name's registry is decided as docker decides it"() {
        expect:
        MirrorSpec.ownRegistry(image) == registry

        where:
        image                          | registry
        'team/api:1'                   | null
        'nginx'                        | null
        'quay.io/team/api'             | 'quay.io'
        '127.0.0.1:5001/team/api:1'    | '127.0.0.1:5001'
        'localhost/api'                | 'localhost'
        'docker.io/library/nginx'      | 'docker.io'
    }

    def "images naming their own registry need no from"() {
        when:
        def plan = Mirror.plan("mirror { images 'quay.io/team/api:1', 'ghcr.io/org/tool'; to oci('./o') }")[0]

        then:
        plan.sources()*.repository() == ['quay.io/team/api:1', 'ghcr.io/org/tool']
        plan.sources()*.options().every { it.tlsVerify() }
    }

    static Cli mirror(Map options = [:], String... args) {
        Cli.exec([main: 'dev.skiff.dsl.MirrorCommand'] + options, args)
    }
}
