package dev.skiff.scale

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.sync.Shard
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** sync --shard I/N and mirror --shard I/N against a real docker-registry: disjoint parts whose union is the plan. */
class ShardSpec extends Specification {
    static final List<String> REPOSITORIES = ['team/web', 'team/api', 'team/db', 'tools/cli', 'tools/lint', 'base/alpine']

    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start()

    @Shared
    Path yaml

    @TempDir
    Path dir

    def setupSpec() {
        Images.single(source.ref('team/web:v1'))
        REPOSITORIES.each { repo ->
            ['v1', 'v2'].each { tag ->
                if (!(repo == 'team/web' && tag == 'v1')) {
                    Tools.skopeo('copy', '--src-tls-verify=false', '--dest-tls-verify=false', source.ref('team/web:v1'), source.ref("${repo}:${tag}"))
                }
            }
        }
        yaml = Files.createTempFile('skiff-shards-', '.yaml')
        Files.writeString(yaml, "${source.host}:\n  tls-verify: false\n  images:\n" + REPOSITORIES.collect { "    ${it}: []\n" }.join(''))
    }

    def cleanupSpec() {
        Files.deleteIfExists(yaml)
    }

    def "three shards are disjoint, their union is the whole plan, a repository's tags stay in one shard, and the split is the same every run"() {
        given:
        def target = RegistryRig.start()

        when: 'the whole plan, then each of three shards, as the pods of an Indexed Job run them'
        def whole = json(sync(target, '--dry-run', '--json'))
        def shards = (1..3).collect { json(sync(target, '--shard', "${it}/3", '--json')) }
        def again = (1..3).collect { json(sync(target, '--shard', "${it}/3", '--dry-run', '--json')) }
        def parts = shards.collect { s -> s.images*.destination as Set }

        then: 'each summary says which part it ran'
        shards*.shard*.part == ['1/3', '2/3', '3/3']
        shards*.shard*.count == [3, 3, 3]

        and: 'the whole plan has every tag of every repository'
        whole.shard.part == '1/1'
        whole.images.size() == 12

        and: 'disjoint, and together exactly the plan'
        [[0, 1], [0, 2], [1, 2]].every { i, j -> parts[i].intersect(parts[j]).isEmpty() }
        parts.sum() as Set == whole.images*.destination as Set
        shards*.images*.size().sum() == 12
        shards.every { it.failed == 0 && it.copied == it.images.size() }

        and: 'every repository in exactly one shard, both its tags with it'
        REPOSITORIES.every { repo -> shards.count { s -> s.shard.repositories.contains("${target.host}/${repo.tokenize('/').last()}".toString()) } == 1 }
        shards.every { s -> s.images.every { img -> s.images.count { it.destination.replaceFirst(/:v\d$/, '') == img.destination.replaceFirst(/:v\d$/, '') } == 2 } }

        and: 'the same split on a second run (where everything is now up to date)'
        again.collect { s -> s.images*.destination as Set } == parts
        again.every { it.skipped == it.images.size() }

        and: 'the part is chosen by SHA-256 of the destination repository'
        shards.every { s -> s.shard.repositories.every { Shard.part(it, 3) == s.shard.index } }

        and: 'the shards together copied every image'
        REPOSITORIES.every { repo -> tags(target, repo.tokenize('/').last()) == ['v1', 'v2'] as Set }

        cleanup:
        target?.stop()
    }

    def "a shard's text summary says which part of the plan it ran"() {
        given:
        def target = RegistryRig.start()

        when:
        def run = sync(target, '--shard', '2/3', '--dry-run')

        then:
        run.exitCode == 0
        run.out.contains('Shard 2/3 (part 2 of 3, split by SHA-256 of the destination repository): ')
        run.out.contains('Dry run, nothing written')

        cleanup:
        target?.stop()
    }

    def "the part of a repository is fixed by SHA-256, not by the JVM: #repository is in part #part of 3"() {
        expect:
        Shard.part(repository, 3) == part
        Shard.parse('2/3') == new Shard(2, 3)
        Shard.parse('2/3').toString() == '2/3'

        where:
        repository                  | part
        '127.0.0.1:5000/mirror/app' | 3
        'mirror/app'                | 2
    }

    def "--shard #value is a usage error naming --shard (exit 2)"() {
        when:
        def run = Cli.run('sync', '--src', 'docker', '--dest', 'docker', '--shard', value, '127.0.0.1:1/a', '127.0.0.1:2/b')

        then:
        run.exitCode == 2
        run.err.contains('--shard')
        run.err.contains(expected)

        where:
        value | expected
        '0/3' | 'I must be between 1 and N'
        '4/3' | 'I must be between 1 and N'
        'x'   | 'write I/N'
        '1/0' | 'I must be between 1 and N'
    }

    def "mirror --shard splits a Groovy plan the same way, and --json prints one summary per plan"() {
        given:
        def target = RegistryRig.start()
        def plan = dir.resolve('plan.groovy')
        Files.writeString(plan, """
            mirror {
                from('${source.host}') { tlsVerify false }
                ${REPOSITORIES.collect { "images '${it}'" }.join('\n')}
                to registry('${target.host}') { tlsVerify false }
                rename { repo -> "mirror/\${repo}" }
            }
        """)

        when:
        def runs = (1..2).collect { Cli.exec([main: 'dev.skiff.dsl.MirrorCommand'], plan.toString(), '--shard', "${it}/2", '--dry-run', '--json') }
        def parts = runs.collect { new JsonSlurper().parseText(it.out) as List }
        def text = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand'], plan.toString(), '--shard', '1/2', '--dry-run')

        then:
        runs.every { it.exitCode == 0 }
        parts.every { it.size() == 1 }
        parts*.getAt(0)*.shard*.part == ['1/2', '2/2']
        def images = parts.collect { it[0].images*.destination as Set }
        images[0].intersect(images[1]).isEmpty()
        (images[0] + images[1]).size() == 12
        (images[0] + images[1]).every { it.contains("${target.host}/mirror/") }

        and:
        text.exitCode == 0
        text.out.contains('Plan 1 of 1: Shard 1/2 (part 1 of 2')

        cleanup:
        target?.stop()
    }

    private Cli sync(RegistryRig target, String... flags) {
        Cli.run(*(['sync', '--src', 'yaml', '--dest', 'docker', '--dest-tls-verify=false'] + flags.toList() + [yaml.toString(), target.host]))
    }

    private static Map json(Cli run) {
        assert run.exitCode == 0: run.toString()
        new JsonSlurper().parseText(run.out) as Map
    }

    private static Set<String> tags(RegistryRig registry, String repository) {
        def c = (HttpURLConnection) new URL("http://${registry.host}/v2/${repository}/tags/list").openConnection()
        c.responseCode == 200 ? (new JsonSlurper().parse(c.inputStream).tags as Set) : [] as Set
    }
}
