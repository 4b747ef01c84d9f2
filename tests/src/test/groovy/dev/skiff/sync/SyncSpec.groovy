package dev.skiff.sync

import dev.skiff.Skiff
import dev.skiff.auth.Credentials
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.sample.SampleImage
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** sync through the real command, between real registries, OCI layouts and dir: folders, beside skopeo. */
class SyncSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start(accessLog: true)

    @TempDir
    Path dir

    def setupSpec() {
        Images.single(source.ref('team/app:v1'))
        ['v2', 'latest'].each { Tools.skopeo('copy', '--src-tls-verify=false', '--dest-tls-verify=false', source.ref('team/app:v1'), source.ref("team/app:${it}")) }
        Images.single(source.ref('team/app:v3'))
        Images.single(source.ref('tools/cli:1.2.0'))
        Images.single(source.ref('tools/cli:1.3.1'))
        Images.single(source.ref('tools/cli:2.0.0'))
    }

    def "every tag of a repository lands under the destination's last path element, and a re-sync only HEADs the source"() {
        given:
        def target = RegistryRig.start(accessLog: true)
        int sourceBefore = source.requests().size()

        when:
        def first = Cli.run('sync', '--src', 'docker', '--dest', 'docker', '--src-tls-verify=false', '--dest-tls-verify=false',
                "${source.host}/team/app", "${target.host}/mirror")

        then:
        first.exitCode == 0
        first.out.contains('Sync done: 4 copied')
        tags(target, 'mirror/app') == ['latest', 'v1', 'v2', 'v3'] as Set
        ['v1', 'v2', 'v3', 'latest'].every { digest(source, "team/app:${it}") == digest(target, "mirror/app:${it}") }

        and: 'one client per registry for the whole run: each registry is pinged once, not once per image (skopeo and the rig ping too)'
        source.requests().drop(sourceBefore).count { it.contains('"GET /v2/ ') && (it.endsWith('"skiff"') || it.contains('okhttp')) } == 1
        target.requests().count { it.contains('"GET /v2/ ') && (it.endsWith('"skiff"') || it.contains('okhttp')) } == 1

        when: 'nothing changed at the source'
        int before = source.requests().size()
        def again = Cli.run('sync', '--src', 'docker', '--dest', 'docker', '--src-tls-verify=false', '--dest-tls-verify=false',
                "${source.host}/team/app", "${target.host}/mirror")
        def requests = source.requests().drop(before)

        then: 'every image is skipped as up to date, with no manifest or blob GET on the source'
        again.exitCode == 0
        again.out.contains('Sync done: 0 copied (0 B), 4 skipped as up to date, 0 failed')
        requests.findAll { it.contains('"GET /v2/team/app/manifests/') || it.contains('/blobs/') }.isEmpty()
        requests.count { it.contains('"HEAD /v2/team/app/manifests/') } == 4

        cleanup:
        target?.stop()
    }

    def "a YAML file syncs the same repositories and tags as skopeo sync does with it"() {
        given:
        def forSkopeo = RegistryRig.start()
        def forSkiff = RegistryRig.start()
        def yaml = dir.resolve('sync.yaml')
        Files.writeString(yaml, """\
            ${source.host}:
              tls-verify: false
              images:
                team/app: []
                tools/cli: ['1.2.0']
              images-by-tag-regex:
                team/app: ^v[12]\$
                tools/cli: ^1\\.3
            """.stripIndent())

        when:
        Tools.skopeo('sync', '--src', 'yaml', '--dest', 'docker', '--dest-tls-verify=false', yaml.toString(), "${forSkopeo.host}/m")
        def run = Cli.run('sync', '--src', 'yaml', '--dest', 'docker', '--dest-tls-verify=false', yaml.toString(), "${forSkiff.host}/m")

        then:
        run.exitCode == 0
        catalog(forSkiff) == catalog(forSkopeo)
        catalog(forSkiff) == ['m/app', 'm/cli'] as Set
        catalog(forSkiff).collectEntries { [it, tags(forSkiff, it)] } == catalog(forSkopeo).collectEntries { [it, tags(forSkopeo, it)] }
        tags(forSkiff, 'm/cli') == ['1.2.0', '1.3.1'] as Set

        cleanup:
        forSkopeo?.stop()
        forSkiff?.stop()
    }

    def "images-by-semver takes the tags inside the range (skopeo 1.9.3 ignores the key, so no comparison)"() {
        given:
        def yaml = dir.resolve('semver.yaml')
        Files.writeString(yaml, """\
            ${source.host}:
              tls-verify: false
              images-by-semver:
                tools/cli: '>= 1.3.0, < 2 || ^2.0'
                team/app: '~1'
            """.stripIndent())

        when:
        def run = Cli.run('sync', '--src', 'yaml', '--dest', 'oci', '--dry-run', yaml.toString(), dir.resolve('semver').toString())

        then: 'v1 reads as 1.0.0, as Masterminds/semver (skopeo\'s) reads it; latest is no version'
        run.exitCode == 0
        run.out.readLines().findAll { it.startsWith('Would copy') }.collect { it.split(' ')[2] } as Set ==
                ['tools/cli:1.3.1', 'tools/cli:2.0.0', 'team/app:v1'].collect { "docker://${source.host}/${it}".toString() } as Set
    }

    def "an export to one OCI layout stores each shared blob once, umoci reads it, and its import restores every tag with equal digests"() {
        given:
        def bundle = dir.resolve('bundle')
        def site = RegistryRig.start()

        when:
        def export = Cli.run('sync', '--src', 'docker', '--dest', 'oci', '--src-tls-verify=false', "${source.host}/team/app", bundle.toString())

        then: 'four tags, but v1, v2 and latest are one image: two manifests, two configs, four layers'
        export.exitCode == 0
        refNames(bundle) == ['team/app:latest', 'team/app:v1', 'team/app:v2', 'team/app:v3'] as Set
        Files.list(bundle.resolve('blobs/sha256')).count() == 8
        Tools.umoci('ls', '--layout', bundle.toString()).readLines() as Set == refNames(bundle)

        when: 'carried to a site with an empty registry'
        def imported = Cli.run('sync', '--src', 'oci', '--dest', 'docker', '--dest-tls-verify=false', bundle.toString(), site.host)

        then:
        imported.exitCode == 0
        tags(site, 'team/app') == ['latest', 'v1', 'v2', 'v3'] as Set
        ['v1', 'v2', 'v3', 'latest'].every { digest(site, "team/app:${it}") == digest(source, "team/app:${it}") }

        cleanup:
        site?.stop()
    }

    def "--scoped records the registry in each ref name of the layout"() {
        when:
        def run = Cli.run('sync', '--src', 'docker', '--dest', 'oci', '--scoped', '--src-tls-verify=false',
                "${source.host}/tools/cli:2.0.0", dir.resolve('scoped').toString())

        then:
        run.exitCode == 0
        refNames(dir.resolve('scoped')) == ["${source.host}/tools/cli:2.0.0".toString()] as Set
    }

    def "--dest dir writes one folder per image that skopeo reads, and --src dir syncs them back"() {
        given:
        def target = RegistryRig.start()

        when:
        def run = Cli.run('sync', '--src', 'docker', '--dest', 'dir', '--src-tls-verify=false', "${source.host}/tools/cli", dir.resolve('usb').toString())

        then:
        run.exitCode == 0
        Files.list(dir.resolve('usb')).collect { it.fileName.toString() } as Set == ['cli:1.2.0', 'cli:1.3.1', 'cli:2.0.0'] as Set
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "dir:${dir}/usb/cli:1.3.1").trim() == digest(source, 'tools/cli:1.3.1')

        when:
        def back = Cli.run('sync', '--src', 'dir', '--dest', 'docker', '--dest-tls-verify=false', dir.resolve('usb').toString(), "${target.host}/restored")

        then:
        back.exitCode == 0
        tags(target, 'restored/cli') == ['1.2.0', '1.3.1', '2.0.0'] as Set
        digest(target, 'restored/cli:2.0.0') == digest(source, 'tools/cli:2.0.0')

        cleanup:
        target?.stop()
    }

    def "a dry run prints what it would copy, with sizes, and writes nothing"() {
        given:
        def bundle = dir.resolve('dry')

        when:
        def run = Cli.run('sync', '--src', 'docker', '--dest', 'oci', '--dry-run', '--src-tls-verify=false', "${source.host}/tools/cli", bundle.toString())

        then:
        run.exitCode == 0
        run.out.readLines().count { it.startsWith('Would copy docker://' + source.host + '/tools/cli:') && it.endsWith('KiB)') } == 3
        run.out.contains('Dry run, nothing written: 3 would be copied')
        !Files.exists(bundle)
    }

    def "with --keep-going a missing tag and an unreadable image are named failures, the rest is copied, and the exit code is 1"() {
        given:
        Images.single(source.ref('broken/app:bad'))
        Images.single(source.ref('broken/app:good'))
        deleteALayer(source, 'broken/app:bad')
        def yaml = dir.resolve('broken.yaml')
        Files.writeString(yaml, """\
            ${source.host}:
              tls-verify: false
              images:
                broken/app: ['bad', 'good', 'gone']
            """.stripIndent())
        def bundle = dir.resolve('kept')

        when:
        def run = Cli.run('sync', '--src', 'yaml', '--dest', 'oci', '--keep-going', yaml.toString(), bundle.toString())

        then:
        run.exitCode == 1
        refNames(bundle) == ['broken/app:good'] as Set
        run.out.contains('1 copied')
        run.out.contains('2 failed')
        run.out.readLines().any { it.startsWith("  failed: docker://${source.host}/broken/app:gone: ") && it.contains('not found at the source') }
        run.out.readLines().any { it.startsWith("  failed: docker://${source.host}/broken/app:bad: ") }

        when: 'without --keep-going the first failure stops the run'
        def stopped = Cli.run('sync', '--src', 'yaml', '--dest', 'oci', '--parallel', '1', yaml.toString(), dir.resolve('stopped').toString())

        then:
        stopped.exitCode == 1
        stopped.out.contains('Stopped at the first failure')
        !Files.exists(dir.resolve('stopped/index.json'))

        when: 'the source is mended and the sync is run again'
        Images.single(source.ref('broken/app:bad'))
        def rerun = Cli.run('sync', '--src', 'yaml', '--dest', 'oci', '--keep-going', yaml.toString(), bundle.toString())

        then: 'it finishes what was left and skips what was done'
        rerun.out.contains('1 copied')
        rerun.out.contains('1 skipped as up to date')
        refNames(bundle) == ['broken/app:good', 'broken/app:bad'] as Set
    }

    def "credentials come from the YAML file for its registry and from --dest-creds for the destination, and never show"() {
        given:
        def locked = RegistryRig.start(user: 'alice', password: 'yaml-s3cret')
        def target = RegistryRig.start(user: 'bob', password: 'dest-s3cret')
        Skiff.writeSample(new SampleImage(), locked.ref('private/app:v1'), Images.PLAIN_HTTP.withCredentials(Credentials.parse(locked.creds)))
        def yaml = dir.resolve('locked.yaml')
        Files.writeString(yaml, """\
            ${locked.host}:
              tls-verify: false
              credentials:
                username: alice
                password: yaml-s3cret
              images:
                private/app: []
            """.stripIndent())

        when:
        def run = Cli.run('sync', '--src', 'yaml', '--dest', 'docker', '--dest-tls-verify=false', '--dest-creds', 'bob:dest-s3cret',
                yaml.toString(), "${target.host}/mirror")

        then:
        run.exitCode == 0
        run.out.contains('1 copied')
        !(run.out + run.err).contains('s3cret')
        Tools.skopeo('inspect', '--tls-verify=false', '--creds', 'bob:dest-s3cret', '--format', '{{.Digest}}', target.ref('mirror/app:v1')).trim() ==
                Tools.skopeo('inspect', '--tls-verify=false', '--creds', 'alice:yaml-s3cret', '--format', '{{.Digest}}', locked.ref('private/app:v1')).trim()

        when: 'without the destination credentials'
        def refused = Cli.run('sync', '--src', 'yaml', '--dest', 'docker', '--dest-tls-verify=false', '--dest-no-creds',
                yaml.toString(), "${target.host}/other")

        then:
        refused.exitCode == 1
        refused.out.contains('1 failed')
        !(refused.out + refused.err).contains('s3cret')

        cleanup:
        locked?.stop()
        target?.stop()
    }

    def "an unknown --src is bad usage"() {
        when:
        def run = Cli.run('sync', '--src', 'ftp', '--dest', 'docker', 'a', 'b')

        then:
        run.exitCode == 2
        run.err.contains('unknown --src "ftp": use one of docker, dir, oci, yaml')
    }

    /** Makes an image unreadable: its first layer is deleted from the registry. */
    static void deleteALayer(RegistryRig registry, String image) {
        def manifest = new JsonSlurper().parseText(Tools.skopeo('inspect', '--raw', '--tls-verify=false', registry.ref(image)))
        def repo = image.split(':')[0]
        def conn = (HttpURLConnection) new URL("http://${registry.host}/v2/${repo}/blobs/${manifest.layers[0].digest}").openConnection()
        conn.requestMethod = 'DELETE'
        assert conn.responseCode == 202
    }

    static Set<String> refNames(Path layout) {
        def index = new JsonSlurper().parse(layout.resolve('index.json').toFile())
        index.manifests.collect { it.annotations?.get('org.opencontainers.image.ref.name') } as Set
    }

    static Set<String> catalog(RegistryRig registry) {
        new JsonSlurper().parse(new URL("http://${registry.host}/v2/_catalog")).repositories as Set
    }

    static Set<String> tags(RegistryRig registry, String repository) {
        def json = new JsonSlurper().parseText(Tools.skopeo('list-tags', '--tls-verify=false', registry.ref(repository)))
        json.Tags as Set
    }

    static String digest(RegistryRig registry, String image) {
        Tools.skopeo('inspect', '--tls-verify=false', '--format', '{{.Digest}}', registry.ref(image)).trim()
    }
}
