package dev.skiff.examples

import dev.skiff.dsl.MirrorDslSpec
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.sync.SyncSpec
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** The runbooks in examples/, each run as written, against local registries. */
class MirrorExamplesSpec extends Specification {
    static final Path EXAMPLES = OfflineDemoSpec.ROOT.resolve('examples')

    @Shared
    @AutoCleanup
    RegistryRig upstream = RegistryRig.start()

    @TempDir
    Path dir

    def setupSpec() {
        ['team/app:v1', 'team/app:v2', 'team/app:v3-rc1', 'team/base:1.0', 'team/base:1.1',
         'tools/cli:0.9.0', 'tools/cli:1.0.0', 'tools/cli:1.2.0', 'tools/cli:2.0.0'].each {
            Images.single(upstream.ref(it), [seed: it])
        }
    }

    def "the quickstart mirrors the sample images shipped in examples/ into ./mirror, offline, renamed, digests kept"() {
        when:
        def run = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand', dir: dir], EXAMPLES.resolve('quickstart.groovy').toString())

        then:
        run.exitCode == 0
        run.out.contains("Plan 1 of 1: oci:${EXAMPLES.toRealPath()}/quickstart-images -> oci:./mirror (all platforms")
        run.out.contains('Sync done: 3 copied')
        refs(dir.resolve('mirror')) == ['mirror/team/app:v1': refs(EXAMPLES.resolve('quickstart-images'))['team/app:v1'],
                                        'mirror/team/app:v2': refs(EXAMPLES.resolve('quickstart-images'))['team/app:v2'],
                                        'mirror/tools/cli:1.0': refs(EXAMPLES.resolve('quickstart-images'))['tools/cli:1.0']]

        and: 'skopeo reads the mirrored multi-platform index'
        Tools.skopeo('inspect', '--raw', "oci:${dir.resolve('mirror')}:mirror/team/app:v2").contains('linux')
    }

    def "the nightly mirror takes release tags by regex and semver, renamed under mirror/, and a re-run copies nothing"() {
        given:
        def internal = RegistryRig.start()
        def env = [UPSTREAM: upstream.host, MIRROR: internal.host, TLS_VERIFY: 'false']

        when:
        def first = mirror(env, 'nightly-mirror.groovy', '--keep-going')
        def again = mirror(env, 'nightly-mirror.groovy', '--keep-going')

        then:
        first.exitCode == 0
        first.out.contains('Sync done: 5 copied')
        SyncSpec.tags(internal, 'mirror/team/app') == ['v1', 'v2'] as Set
        SyncSpec.tags(internal, 'mirror/tools/cli') == ['1.0.0', '1.2.0'] as Set
        SyncSpec.tags(internal, 'mirror/team/base') == ['1.0'] as Set
        SyncSpec.digest(upstream, 'tools/cli:1.2.0') == SyncSpec.digest(internal, 'mirror/tools/cli:1.2.0')

        and:
        again.out.contains('Sync done: 0 copied (0 B), 5 skipped as up to date, 0 failed')

        cleanup:
        internal?.stop()
    }

    def "the air-gap export writes one archive, as its skopeo sync YAML twin does, and the import restores it with the same digests"() {
        given:
        def site = RegistryRig.start(user: 'ops', password: 'site-pw-123')
        def yaml = dir.resolve('airgap-export.yaml')
        Files.writeString(yaml, Files.readString(EXAMPLES.resolve('airgap-export.yaml'))
                .replace('registry.example.com:', "${upstream.host}:\n  tls-verify: false"))

        when: 'the connected side exports, once by the plan and once by the YAML'
        def export = mirror([UPSTREAM: upstream.host, TLS_VERIFY: 'false', BUNDLE: dir.resolve('bundle.tar').toString()], 'airgap-export.groovy')
        def bySync = Cli.run('sync', '--src', 'yaml', '--dest', 'oci-archive', yaml.toString(), dir.resolve('bundle-yaml.tar').toString())

        then:
        export.exitCode == 0
        bySync.exitCode == 0
        Files.isRegularFile(dir.resolve('bundle.tar'))
        refs(dir.resolve('bundle.tar')).keySet() == ['team/app:v1', 'team/app:v2', 'tools/cli:1.0.0', 'tools/cli:1.2.0'] as Set
        refs(dir.resolve('bundle.tar')) == refs(dir.resolve('bundle-yaml.tar'))
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci-archive:${dir.resolve('bundle.tar')}:tools/cli:1.2.0").trim() == SyncSpec.digest(upstream, 'tools/cli:1.2.0')

        when: 'the disconnected side imports the bundle into its registry'
        def env = [SITE: site.host, TLS_VERIFY: 'false', SITE_USER: 'ops', SITE_PASSWORD: 'site-pw-123', BUNDLE: dir.resolve('bundle.tar').toString()]
        def dry = mirror(env, 'airgap-import.groovy', '--dry-run')
        def imported = mirror(env, 'airgap-import.groovy')

        then:
        dry.out.contains('Dry run, nothing written: 4 would be copied')
        imported.exitCode == 0
        imported.out.contains('Sync done: 4 copied')
        !(imported.out + imported.err).contains('site-pw-123')
        ['team/app:v1', 'team/app:v2', 'tools/cli:1.0.0', 'tools/cli:1.2.0'].every {
            SyncSpec.digest(upstream, it) == Tools.skopeo('inspect', '--tls-verify=false', '--creds', 'ops:site-pw-123',
                    '--format', '{{.Digest}}', site.ref(it)).trim()
        }

        cleanup:
        site?.stop()
    }

    def "a Jenkins-style step embeds the library API: Mirror.plan then Mirror.run, failures raised"() {
        given:
        def internal = RegistryRig.start()
        def step = new GroovyShell().parse(EXAMPLES.resolve('jenkins-mirror-step.groovy').toFile())

        when:
        def reports = step.call(from: upstream.host, images: ['team/app:v1', 'tools/cli:2.0.0'], to: internal.host, insecure: true, prefix: 'ci')

        then:
        reports.size() == 1
        reports[0].outcomes().size() == 2
        SyncSpec.tags(internal, 'ci/team/app') == ['v1'] as Set
        SyncSpec.tags(internal, 'ci/tools/cli') == ['2.0.0'] as Set

        when: 'an image is missing upstream'
        step.call(from: upstream.host, images: ['team/app:v9'], to: internal.host, insecure: true)

        then:
        IllegalStateException e = thrown()
        e.message == 'mirrorImages: 1 image(s) failed'

        cleanup:
        internal?.stop()
    }

    static Cli mirror(Map env, String example, String... args) {
        MirrorDslSpec.mirror([env: env], ([EXAMPLES.resolve(example).toString()] + args.toList()) as String[])
    }

    /** An OCI layout's ref names and their manifest digests. */
    /** Ref name to digest, from the index.json of a layout or of an OCI archive (read with tar). */
    static Map<String, String> refs(Path layout) {
        def index = Files.isDirectory(layout) ? new JsonSlurper().parse(layout.resolve('index.json').toFile())
                : new JsonSlurper().parseText(Tools.run(['tar', '-xOf', layout.toString(), 'index.json']))
        index.manifests.collectEntries { [(it.annotations['org.opencontainers.image.ref.name']): it.digest] }
    }
}
