package dev.skiff.dsl

import static dev.skiff.dsl.MirrorDslSpec.mirror

import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.sync.FileSelection
import dev.skiff.sync.SyncSource
import dev.skiff.sync.TagSelection
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * {@code images} after a file source picks images out of it by the names it holds (an OCI layout's
 * or oci-archive's ref names, a docker-archive's RepoTags), as a site import does: checked into a
 * real registry with skopeo; a name the file lacks fails the plan, naming what the file holds.
 */
class MirrorFileSelectionSpec extends Specification {
    @Shared
    @TempDir
    Path shared

    @Shared
    Path layout

    @AutoCleanup
    RegistryRig target = RegistryRig.start()

    @TempDir
    Path dir

    def setupSpec() {
        layout = shared.resolve('bundle')
        Images.single("oci:${layout}:team/web:1.0", [layers: 1])
        Images.single("oci:${layout}:team/web:1.1", [layers: 1])
        Images.single("oci:${layout}:team/web:2.0", [layers: 1])
        Images.single("oci:${layout}:team/api:3.1", [layers: 1])
    }

    def "images after from oci pick names out of the layout, with tags, regex and semver, into a registry under rename"() {
        when:
        def run = mirror(plan('import.groovy', """
            mirror {
                from oci('${layout}')
                images 'team/web:1.0'
                images('team/web') { semver '>=1.1 <2' }
                images('team/api') { tags ~/^3\\./ }
                rename { repo -> "site/\${repo}" }
                to registry('${target.host}') { tlsVerify false }
            }
        """))

        then:
        run.exitCode == 0
        run.out.contains("Plan 1 of 1: oci:${layout} (team/web:1.0), oci:${layout} (team/web, semver >=1.1 <2), oci:${layout} (team/api, tags ~/^3\\./) -> docker://${target.host}")
        run.out.contains('Sync done: 3 copied')
        tags('site/team/web') == ['1.0', '1.1'] as Set
        tags('site/team/api') == ['3.1'] as Set
        ['team/web:1.0', 'team/web:1.1', 'team/api:3.1'].every {
            inspect('--tls-verify=false', target.ref("site/${it}")) == inspect("oci:${layout}:${it}")
        }
    }

    def "overlapping selections copy each image once"() {
        when:
        def run = mirror(plan('overlap.groovy', """
            mirror {
                from oci('${layout}')
                images 'team/web:1.0', 'team/web:1.1'
                images('team/web') { semver '>=1 <2' }
                to registry('${target.host}') { tlsVerify false }
            }
        """))

        then:
        run.exitCode == 0
        run.out.contains('2 images to check')
        run.out.contains('Sync done: 2 copied')
        tags('team/web') == ['1.0', '1.1'] as Set
    }

    def "an oci-archive is selected from by its ref names"() {
        given: 'an oci-archive is a tar of a layout'
        def archive = dir.resolve('bundle.tar')
        Tools.run(['tar', '-cf', archive.toString(), '-C', layout.toString(), '.'])

        when:
        def run = mirror(plan('import.groovy', """
            mirror {
                from ociArchive('${archive}')
                images 'team/web:2.0', 'team/api'
                rename { repo -> "carried/\${repo.replace('team/', '')}" }
                to registry('${target.host}') { tlsVerify false }
            }
        """))

        then:
        run.exitCode == 0
        run.out.contains('Sync done: 2 copied')
        tags('carried/web') == ['2.0'] as Set
        tags('carried/api') == ['3.1'] as Set
        inspect('--tls-verify=false', target.ref('carried/web:2.0')) == inspect("oci:${layout}:team/web:2.0")
    }

    def "a docker-archive is selected from by its RepoTags, written short or in full"() {
        given: 'skopeo saves one image under two RepoTags'
        def saved = dir.resolve('saved.tar')
        Tools.skopeo('copy', '--additional-tag', 'team/web:stable', "oci:${layout}:team/web:1.1", "docker-archive:${saved}:team/web:1.1")

        when:
        def run = mirror(plan('load.groovy', """
            mirror {
                from dockerArchive('${saved}')
                images 'docker.io/team/web:stable'
                rename { repo -> "site/\${repo}" }
                to registry('${target.host}') { tlsVerify false }
            }
        """))

        then:
        run.exitCode == 0
        run.out.contains('Sync done: 1 copied')
        tags('site/team/web') == ['stable'] as Set
        configDigest('--tls-verify=false', target.ref('site/team/web:stable')) == configDigest("oci:${layout}:team/web:1.1")
    }

    def "a name the #kind does not hold fails the plan at its line, naming the names it holds, before anything is copied"() {
        given:
        def saved = dir.resolve('saved.tar')
        Tools.skopeo('copy', '--additional-tag', 'team/web:stable', "oci:${layout}:team/web:1.1", "docker-archive:${saved}:team/web:1.1")
        def source = place.replace('SAVED', saved.toString()).replace('LAYOUT', layout.toString())

        when:
        def run = mirror(plan('import.groovy', """\
            mirror {
                from ${source}
                images 'team/web'
                images ${wanted}
                to registry('${target.host}') { tlsVerify false }
            }
        """.stripIndent()))

        then:
        run.exitCode == 2
        run.err.trim() == "import.groovy, line 4: ${message.replace('SAVED', saved.toString()).replace('LAYOUT', layout.toString())}".toString()
        run.out.isEmpty()
        Tools.run(['curl', '-s', "http://${target.host}/v2/_catalog".toString()]).contains('"repositories":[]')

        where:
        kind             | place                   | wanted                                 | message
        'layout'         | "oci('LAYOUT')"         | "'team/api:9.9'"                       | "oci:LAYOUT holds no image team/api:9.9; it holds team/web:1.0, team/web:1.1, team/web:2.0, team/api:3.1; expected images naming what oci:LAYOUT holds, such as images 'team/web:1.0'"
        'layout'         | "oci('LAYOUT')"         | "('team/web') { semver '>=3' }"        | "oci:LAYOUT holds no image of team/web with a tag in the semver range >=3; it holds team/web:1.0, team/web:1.1, team/web:2.0, team/api:3.1; expected images naming what oci:LAYOUT holds, such as images 'team/web:1.0'"
        'docker-archive' | "dockerArchive('SAVED')" | "'team/db'"                           | "docker-archive:SAVED holds no image of team/db; it holds docker.io/team/web:1.1, docker.io/team/web:stable; expected images naming what docker-archive:SAVED holds, such as images 'docker.io/team/web:1.1'"
    }

    def "the lib selects the same way: a Selected source names what the file holds"() {
        given:
        def held = FileSelection.held(new SyncSource.LayoutBundle(layout), null)

        expect:
        held == ['team/web:1.0', 'team/web:1.1', 'team/web:2.0', 'team/api:3.1']
        FileSelection.chosen(held, new SyncSource.Selected(new SyncSource.LayoutBundle(layout), 'team/web', TagSelection.regex('^1'))) == ['team/web:1.0', 'team/web:1.1']
        FileSelection.matches('docker.io/team/web:1.1', 'team/web:1.1', TagSelection.all())
        FileSelection.matches('docker.io/library/busybox:latest', 'busybox', TagSelection.all())
        !FileSelection.matches('team/web:1.1', 'team/web:1', TagSelection.all())
        !FileSelection.matches('team/webapp:1', 'team/web', TagSelection.all())
    }

    private Set<String> tags(String repository) {
        new JsonSlurper().parseText(Tools.skopeo('list-tags', '--tls-verify=false', target.ref(repository))).Tags as Set
    }

    private static String inspect(String... args) {
        Tools.skopeo(['inspect', '--format', '{{.Digest}}'] + args.toList() as String[]).trim()
    }

    private static String configDigest(String... args) {
        new JsonSlurper().parseText(Tools.skopeo(['inspect', '--raw'] + args.toList() as String[])).config.digest
    }

    private String plan(String name, String text) {
        def file = dir.resolve(name)
        Files.writeString(file, text)
        file.toString()
    }
}
