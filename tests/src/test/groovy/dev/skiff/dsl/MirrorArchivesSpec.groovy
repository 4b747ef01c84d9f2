package dev.skiff.dsl

import static dev.skiff.dsl.MirrorDslSpec.mirror

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.PodmanRig
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.sync.SyncSpec
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** Archive files as mirror places: a registry exported to one oci-archive and imported back, docker save tars read. */
@ResourceLock("podman")  // rootful podman shares its lock memory (/dev/shm) across storage roots
class MirrorArchivesSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start()

    @TempDir
    Path dir

    def setupSpec() {
        ['v1', 'v2'].each { Images.single(source.ref("team/web:${it}"), [seed: it]) }
        Images.single(source.ref('team/api:1.0'), [seed: 'api'])
    }

    def "a registry repository exported to one ociArchive imports into an empty registry with equal digests"() {
        given:
        def archive = dir.resolve('bundle.tar')
        def export = plan('export.groovy', """
            mirror {
                from('${source.host}') { tlsVerify false }
                images 'team/web', 'team/api:1.0'
                to ociArchive('${archive}')
            }
        """)
        def target = RegistryRig.start()
        def importing = plan('import.groovy', """
            mirror { from ociArchive('${archive}'); to registry('${target.host}') { tlsVerify false } }
        """)

        when:
        def out = mirror(export)

        then:
        out.exitCode == 0
        out.out.contains("Plan 1 of 1: docker://${source.host}/team/web, docker://${source.host}/team/api:1.0 -> oci-archive:${archive}")
        out.out.contains('Sync done: 3 copied')
        Files.list(dir).toList()*.fileName*.toString().sort() == ['bundle.tar', 'export.groovy', 'import.groovy']

        and: 'skopeo reads what the DSL wrote; images are named as a layout export names them'
        refNames(archive) == ['team/api:1.0', 'team/web:v1', 'team/web:v2'] as Set
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci-archive:${archive}:team/web:v2").trim() == SyncSpec.digest(source, 'team/web:v2')

        when:
        def back = mirror(importing)

        then:
        back.exitCode == 0
        back.out.contains('Sync done: 3 copied')
        ['team/web:v1', 'team/web:v2', 'team/api:1.0'].every { SyncSpec.digest(target, it) == SyncSpec.digest(source, it) }

        when: 'the export runs again: every image is up to date and the archive is not rewritten'
        def written = Files.getLastModifiedTime(archive)
        def again = mirror(export)

        then:
        again.exitCode == 0
        again.out.contains('Sync done: 0 copied (0 B), 3 skipped as up to date, 0 failed')
        Files.getLastModifiedTime(archive) == written

        cleanup:
        target?.stop()
    }

    def "a second export adds its images to the archive and keeps those already there"() {
        given:
        def archive = dir.resolve('out.tar')
        mirror(plan('first.groovy', "mirror { from('${source.host}') { tlsVerify false }; images 'team/web:v1'; to ociArchive('${archive}') }"))

        when:
        def run = mirror(plan('second.groovy', "mirror { from('${source.host}') { tlsVerify false }; images 'team/api:1.0'; to ociArchive('${archive}') }"))

        then:
        run.exitCode == 0
        refNames(archive) == ['team/web:v1', 'team/api:1.0'] as Set
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci-archive:${archive}:team/web:v1").trim() == SyncSpec.digest(source, 'team/web:v1')
    }

    def "an archive is published only when every image arrived: a failed export leaves the old archive as it was"() {
        given:
        def archive = dir.resolve('out.tar')
        mirror(plan('first.groovy', "mirror { from('${source.host}') { tlsVerify false }; images 'team/web:v1'; to ociArchive('${archive}') }"))
        def before = archive.toFile().bytes.sha256()

        when:
        def run = mirror(plan('broken.groovy', """
            mirror { from('${source.host}') { tlsVerify false }; images 'team/api:1.0', 'team/web:gone'; to ociArchive('${archive}') }
        """), '--keep-going', '--parallel', '1')

        then:
        run.exitCode == 1
        run.out.contains('not written: the archive')
        run.out.contains('the archive that was there is unchanged')
        archive.toFile().bytes.sha256() == before
        Files.list(dir).toList()*.fileName*.toString().sort() == ['broken.groovy', 'first.groovy', 'out.tar']
    }

    def "a docker-archive that skopeo wrote is mirrored into a registry by its RepoTags"() {
        given:
        def saved = dir.resolve('images.tar')
        Tools.skopeo('copy', '--src-tls-verify=false', source.ref('team/web:v2'), "docker-archive:${saved}:team/web:v2")
        def target = RegistryRig.start()

        when:
        def run = mirror(plan('load.groovy', """
            mirror { from dockerArchive('${saved}'); to registry('${target.host}/mirror') { tlsVerify false }; scoped true }
        """))

        then:
        run.exitCode == 0
        run.out.contains("Plan 1 of 1: docker-archive:${saved} -> docker://${target.host}/mirror")
        run.out.contains('Sync done: 1 copied')
        SyncSpec.tags(target, 'mirror/docker.io/team/web') == ['v2'] as Set
        configDigest("--tls-verify=false", source.ref('team/web:v2')) == configDigest("--tls-verify=false", target.ref('mirror/docker.io/team/web:v2'))

        when: 'run again: up to date, by the image ID (its layers were compressed on the way, so the manifest differs)'
        def again = mirror(plan('load.groovy', """
            mirror { from dockerArchive('${saved}'); to registry('${target.host}/mirror') { tlsVerify false }; scoped true }
        """))

        then:
        again.out.contains('Sync done: 0 copied (0 B), 1 skipped as up to date, 0 failed')

        cleanup:
        target?.stop()
    }

    def "to dockerArchive writes one docker save tar holding every image, read by skopeo by tag, and never overwrites one"() {
        given:
        def saved = dir.resolve('site.tar')
        def text = "mirror { from('${source.host}') { tlsVerify false }; images 'team/web', 'team/api:1.0'; to dockerArchive('${saved}') }"

        when:
        def run = mirror(plan('save.groovy', text))

        then:
        run.exitCode == 0
        run.out.contains("-> docker-archive:${saved}")
        run.out.contains('Sync done: 3 copied')
        def manifest = new JsonSlurper().parseText(Tools.run(['tar', '-xOf', saved.toString(), 'manifest.json']))
        manifest*.RepoTags.flatten() as Set == ['docker.io/team/web:v1', 'docker.io/team/web:v2', 'docker.io/team/api:1.0'] as Set
        ['team/web:v1', 'team/web:v2', 'team/api:1.0'].every {
            configDigest("docker-archive:${saved}:${it}") == configDigest('--tls-verify=false', source.ref(it))
        }
        Files.list(dir).toList()*.fileName*.toString().sort() == ['save.groovy', 'site.tar']

        when: 'run again: a docker-archive is written whole, once, so the existing one stops the plan'
        def before = saved.toFile().bytes.sha256()
        def again = mirror(plan('save.groovy', text))

        then:
        again.exitCode == 1
        again.err.contains("cannot sync into docker-archive ${saved}: it already exists")
        saved.toFile().bytes.sha256() == before
    }

    def "podman load takes every image of a docker-archive a plan wrote"() {
        given:
        def saved = dir.resolve('load.tar')
        mirror(plan('save.groovy', "mirror { from('${source.host}') { tlsVerify false }; images 'team/web:v1', 'team/api:1.0'; to dockerArchive('${saved}') }"))
        def podman = PodmanRig.storage()

        when:
        def out = podman.podman('load', '-i', saved.toString())

        then:
        out.contains('Loaded image: docker.io/team/web:v1')
        out.contains('Loaded image: docker.io/team/api:1.0')
        'sha256:' + podman.podman('image', 'inspect', '--format', '{{.Id}}', 'docker.io/team/api:1.0').trim() ==
                configDigest('--tls-verify=false', source.ref('team/api:1.0'))

        cleanup:
        podman?.close()
    }

    def "a docker-archive written by a plan loads back into a registry with the images' IDs"() {
        given:
        def saved = dir.resolve('out.tar')
        mirror(plan('save.groovy', "mirror { from('${source.host}') { tlsVerify false }; images 'team/web'; to dockerArchive('${saved}') }"))
        def target = RegistryRig.start()

        when:
        def run = Cli.run('sync', '--src', 'docker-archive', '--dest', 'docker', '--dest-tls-verify=false', saved.toString(), "${target.host}/site")

        then:
        run.exitCode == 0
        run.out.contains('Sync done: 2 copied')
        configDigest('--tls-verify=false', target.ref('site/web:v2')) == configDigest('--tls-verify=false', source.ref('team/web:v2'))

        cleanup:
        target?.stop()
    }

    def "the sync command takes the same archives: --dest oci-archive out, --src oci-archive in"() {
        given:
        def archive = dir.resolve('team.tar')
        def target = RegistryRig.start()

        when:
        def out = Cli.run('sync', '--src', 'docker', '--dest', 'oci-archive', '--src-tls-verify=false', "${source.host}/team/web", archive.toString())
        def back = Cli.run('sync', '--src', 'oci-archive', '--dest', 'docker', '--dest-tls-verify=false', archive.toString(), "${target.host}/site")

        then:
        out.exitCode == 0
        refNames(archive) == ['team/web:v1', 'team/web:v2'] as Set
        back.exitCode == 0
        back.out.contains('Sync done: 2 copied')
        SyncSpec.digest(target, 'site/team/web:v2') == SyncSpec.digest(source, 'team/web:v2')

        cleanup:
        target?.stop()
    }

    private static String configDigest(String... args) {
        new JsonSlurper().parseText(Tools.skopeo(['inspect', '--raw'] + args.toList() as String[])).config.digest
    }

    private String plan(String name, String text) {
        def file = dir.resolve(name)
        Files.writeString(file, text)
        file.toString()
    }

    /** The ref names in the archive's index.json, read with tar (skopeo's list-tags has no oci-archive). */
    private static Set<String> refNames(Path archive) {
        def index = new JsonSlurper().parseText(Tools.run(['tar', '-xOf', archive.toString(), 'index.json']))
        index.manifests.collect { it.annotations['org.opencontainers.image.ref.name'] } as Set
    }
}
