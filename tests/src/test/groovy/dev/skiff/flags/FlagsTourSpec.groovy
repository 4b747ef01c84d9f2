package dev.skiff.flags

import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The flag tour in docs/flags.md, line by line as written there, in a work directory; then skopeo reads
 * what it wrote: the zstd layers, the digest file, the additional tag, the shared blob directory.
 */
class FlagsTourSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    @TempDir Path work

    static List<String> tour() {
        Docs.commands('docs/flags.md', 'flags-tour')
    }

    def "the flag tour runs, and skopeo reads each thing it wrote"() {
        given:
        def lines = tour()

        when:
        def results = lines.collect { line ->
            assert line.startsWith('./jbang ')
            def run = Cli.runIn(work, *line.substring('./jbang '.length()).split(' '))
            [line: line, exit: run.exitCode, out: run.out + run.err]
        }

        then: 'every line succeeds'
        lines.size() == 7
        results.findAll { it.exit != 0 } == []

        and: 'the zstd copy: zstd layers, its digest file is what skopeo computes for the manifest'
        def zstd = new JsonSlurper().parseText(Tools.skopeo('inspect', '--raw', "oci:${work}/zstd:v1"))
        zstd.layers*.mediaType.every { it == 'application/vnd.oci.image.layer.v1.tar+zstd' }
        Files.readString(work.resolve('zstd.digest')) ==
                Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${work}/zstd:v1").trim()

        and: 'skopeo finds the image in the archive under its additional tag'
        Tools.skopeo('inspect', '--format', '{{.Architecture}}', "docker-archive:${work}/app.tar:team/app:latest").trim() == 'amd64'

        and: 'skopeo reads the layout whose blobs are in the shared directory'
        Tools.skopeo('inspect', '--shared-blob-dir', "${work}/blobs".toString(), '--format', '{{.Digest}}', "oci:${work}/shared:v1").trim() ==
                results[5].out.find(/"Digest": "(sha256:[0-9a-f]{64})"/) { all, d -> d }

        and: 'the global --override-arch chose the arm64 image'
        Tools.skopeo('inspect', '--format', '{{.Architecture}}', "oci:${work}/arm64:v1").trim() == 'arm64'
    }
}
