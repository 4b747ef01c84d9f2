package dev.skiff.inspect

import dev.skiff.model.ImageManifest
import dev.skiff.model.MediaType
import dev.skiff.rig.Cli
import dev.skiff.rig.Handmade
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.transport.Transports
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

/**
 * inspect prints what skopeo prints, byte for byte, on the same images: plain and multi-platform,
 * OCI and v2s2, with and without labels, a Docker-built config; in a registry and in a layout.
 * skopeo 1.9.3 has no LayersData, so that block is compared with the manifest instead.
 */
class InspectParitySpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @Shared
    Path layouts = Files.createTempDirectory('skiff-inspect-')

    @Shared
    Map<String, String> refs = [:]

    def setupSpec() {
        refs.ociLabels = registry.ref('parity/oci:labels')
        Images.single(refs.ociLabels, [labels: ['org.opencontainers.image.title': 'app', 'b': '<&>']])
        registry.ref('parity/oci:second').with { Images.single(it) }
        refs.dockerPlain = registry.ref('parity/docker:plain')
        Images.single(refs.dockerPlain, [format: 'docker'])
        refs.ociIndex = registry.ref('parity/index:oci')
        Images.multi(refs.ociIndex)
        refs.dockerList = registry.ref('parity/index:docker')
        Images.multi(refs.dockerList, [format: 'docker'])
        refs.dockerBuilt = registry.ref('parity/built:v1')
        def made = new Handmade(refs.dockerBuilt)
        def plain = Handmade.tar('hello.txt', 'hello\n')
        made.top(made.manifest(MediaType.DOCKER_MANIFEST, Handmade.config([plain]) + [
                created: '2023-01-02T03:04:05.120000Z', docker_version: '20.10.7', container_config: [Hostname: 'x'],
                config: [Hostname: '', Env: ['PATH=/usr/bin', 'A=<b>'], Labels: [zeta: '1', alpha: '2'],
                         Volumes: ['/z': [:], '/a': [:]], Cmd: ['sh'], ArgsEscaped: true],
                history: [[created: '2023-01-02T03:04:05.100Z', created_by: 'ADD']]],
                [made.blob(MediaType.DOCKER_LAYER_GZIP, Handmade.gzip(plain))]))
        // configs without "created": skopeo prints Go's zero time for Docker schema 2, null for OCI
        ['undatedDocker': MediaType.DOCKER_MANIFEST, 'undatedOci': MediaType.OCI_MANIFEST].each { key, type ->
            refs[key] = registry.ref("parity/undated:${key}")
            def undated = new Handmade(refs[key])
            def content = Handmade.tar('undated.txt', key)
            def layerType = type == MediaType.DOCKER_MANIFEST ? MediaType.DOCKER_LAYER_GZIP : MediaType.OCI_LAYER_GZIP
            undated.top(undated.manifest(type, Handmade.config([content]), [undated.blob(layerType, Handmade.gzip(content))]))
        }
        refs.layout = "oci:${layouts}/layout:v1"
        Images.single(refs.layout, [labels: [k: 'v']])
        refs.layoutIndex = "oci:${layouts}/layout:multi"
        Images.multi(refs.layoutIndex)
    }

    def cleanupSpec() {
        layouts.toFile().deleteDir()
    }

    static List<String> flags(String ref) {
        ref.startsWith('docker://') ? ['--tls-verify=false'] : []
    }

    static String withoutLayersData(String out) {
        out.replaceAll(/(?s)    "LayersData": \[.*?\n    \],\n/, '')
    }

    @Unroll
    def "inspect #what prints skopeo's bytes (LayersData aside), and LayersData describes the image's layers"() {
        given:
        def ref = refs[what]

        when:
        def ours = Cli.run(*(['inspect'] + flags(ref) + [ref]))
        def theirs = Tools.skopeo(*(['inspect'] + flags(ref) + [ref]))
        def json = new JsonSlurper().parseText(ours.out)
        def image = Transports.parse(ref).openSource(Images.PLAIN_HTTP).withCloseable { src ->
            def top = src.manifest()
            top instanceof ImageManifest ? top : src.manifest(top.find(dev.skiff.model.Platform.current()).get())
        } as ImageManifest

        then:
        ours.exitCode == 0
        withoutLayersData(ours.out) == theirs
        json.LayersData == image.layers().collect {
            [MIMEType: it.mediaType(), Digest: it.digest().toString(), Size: it.size(), Annotations: it.annotations() ?: null]
        }

        where:
        what << ['ociLabels', 'dockerPlain', 'ociIndex', 'dockerList', 'dockerBuilt', 'undatedDocker', 'undatedOci', 'layout', 'layoutIndex']
    }

    @Unroll
    def "inspect #args on #what prints skopeo's bytes"() {
        given:
        def ref = refs[what]

        when:
        def ours = Cli.run(*(['inspect'] + args + flags(ref) + [ref]))
        def theirs = Tools.skopeo(*(['inspect'] + args + flags(ref) + [ref]))

        then:
        ours.exitCode == 0
        ours.out == theirs

        where:
        what          | args
        'ociLabels'   | ['--raw']
        'ociIndex'    | ['--raw']
        'dockerList'  | ['--raw']
        'dockerBuilt' | ['--config']
        'dockerBuilt' | ['--raw', '--config']
        'ociIndex'    | ['--config']
        'dockerList'  | ['--raw', '--config']
        'layout'      | ['--config']
        'ociLabels'   | ['--format', '{{.Name}} {{.Digest}}\\n{{range .RepoTags}}[{{.}}]{{end}} {{len .Layers}} {{index .Labels "b"}} {{.Labels}} {{.Created}} {{.Env}}']
        'dockerBuilt' | ['--format', '{{.Labels.alpha}}|{{.Labels.missing}}|{{index .Labels "missing"}}|{{.DockerVersion}}|{{.Created}}']
        'undatedDocker' | ['--format', '{{.Created}}']
        'undatedOci'  | ['--format', '{{.Created}}']
    }

    def "--no-tags leaves RepoTags empty, as skopeo does"() {
        when:
        def ours = Cli.run('inspect', '--no-tags', '--tls-verify=false', refs.ociLabels)

        then:
        withoutLayersData(ours.out) == Tools.skopeo('inspect', '--no-tags', '--tls-verify=false', refs.ociLabels)
        new JsonSlurper().parseText(ours.out).RepoTags == []
        new JsonSlurper().parseText(Cli.run('inspect', '--tls-verify=false', refs.ociLabels).out).RepoTags == ['labels', 'second']
    }

    def "a --format action outside the supported subset is an error naming it"() {
        when:
        def run = Cli.run('inspect', '--format', '{{if .Labels}}x{{end}}', refs.layout)
        def unclosed = Cli.run('inspect', '--format', '{{range .Layers}}{{.}}', refs.layout)

        then:
        run.exitCode == 1
        run.err.contains('unsupported template action {{if .Labels}}')
        run.err.contains('correct the template given to --format')
        unclosed.exitCode == 1
        unclosed.err.contains('{{range}} without {{end}}')
    }

    def "manifest-digest prints skopeo's digest of a manifest file"() {
        given:
        def file = layouts.resolve("manifest-${what}.json")
        Files.write(file, Cli.run(*(['inspect', '--raw'] + flags(refs[what]) + [refs[what]])).outBytes())

        when:
        def ours = Cli.run('manifest-digest', file.toString())

        then:
        ours.exitCode == 0
        ours.out == Tools.skopeo('manifest-digest', file.toString())
        ours.out.trim() == new JsonSlurper().parseText(Cli.run(*(['inspect'] + flags(refs[what]) + [refs[what]])).out).Digest

        where:
        what << ['ociLabels', 'dockerList']
    }

    def "manifest-digest of a missing file is an error naming it"() {
        when:
        def run = Cli.run('manifest-digest', '/nonexistent/manifest.json')

        then:
        run.exitCode == 1
        run.err.contains('/nonexistent/manifest.json')
    }
}
