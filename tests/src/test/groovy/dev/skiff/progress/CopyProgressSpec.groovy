package dev.skiff.progress

import dev.skiff.model.ImageManifest
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import groovy.json.JsonSlurper
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** What copy shows while it works, through the real command against a real docker-registry. */
class CopyProgressSpec extends Specification {
    static final String ESC = '\u001b'

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @Shared
    @TempDir
    Path shared

    /** An image of a few MiB: three layers of 1.5 MiB of random bytes, and its config. */
    @Shared
    ImageManifest image

    @TempDir
    Path dir

    def setupSpec() {
        image = Images.single("oci:${shared}/layout:v1", [layers: 3, layerSize: 1536 * 1024]) as ImageManifest
    }

    def "in a pipe, a copy prints one plain line per finished blob, then the summary, and no control character"() {
        when:
        def run = Cli.run('copy', '--dest-tls-verify=false', "oci:${shared}/layout:v1", registry.ref('pipe/app:v1'))

        then:
        run.exitCode == 0
        def lines = run.out.readLines()
        lines.size() == 5
        lines.take(4).every { it ==~ /Copying blob sha256:[0-9a-f]{12} done \(\d+(\.\d)? (B|KiB|MiB)\)/ }
        lines.take(4).collect { it.substring(13, 32) } as Set == blobs().collect { it.digest().shortForm() } as Set
        lines[4].startsWith("Copied oci:${shared}/layout:v1 to ${registry.ref('pipe/app:v1')}")
        !run.out.contains(ESC) && !run.out.contains('\r')
        run.err == ''
    }

    def "--json: progress events on stderr parse, their bytes reach every blob's size, and stdout is the result"() {
        given:
        Cli.run('copy', '--dest-tls-verify=false', "oci:${shared}/layout:v1", registry.ref('json/app:v1'))

        when:
        def run = Cli.run('copy', '--json', '--src-tls-verify=false', registry.ref('json/app:v1'), "oci:${dir}/out:v1")

        then:
        run.exitCode == 0
        def events = run.err.readLines().collect { new JsonSlurper().parseText(it) }
        events[0] == [event: 'blobs-planned', blobs: 4, bytes: blobs().sum { it.size() }]
        def sizes = blobs().collectEntries { [(it.digest().toString()): it.size()] }
        events.findAll { it.event == 'blob-started' }.collectEntries { [(it.digest): it.size] } == sizes
        events.findAll { it.event == 'blob-done' }.collectEntries { [(it.digest): it.size] } == sizes
        events.findAll { it.event == 'blob-done' }*.outcome as Set == ['copied'] as Set

        and: 'per blob, bytes only grow, and the last report is the whole blob, before it is done'
        sizes.every { digest, size ->
            def reports = events.findAll { it.event == 'blob-progress' && it.digest == digest }*.bytes
            reports == reports.sort(false) && reports.last() == size &&
                    events.findLastIndexOf { it.event == 'blob-progress' && it.digest == digest } <
                    events.findIndexOf { it.event == 'blob-done' && it.digest == digest }
        }

        and: 'stdout is one JSON object: the result, whose bytes are the blobs moved'
        def result = new JsonSlurper().parseText(run.out)
        result.digest == image.digest().toString()
        result.blobsCopied == 4
        result.bytes == sizes.values().sum()
    }

    def "-q prints nothing, on stderr or stdout, for a successful copy"() {
        when:
        def run = Cli.run('copy', '-q', '--dest-tls-verify=false', "oci:${shared}/layout:v1", registry.ref('quiet/app:v1'))

        then:
        run.exitCode == 0
        run.err == ''
        run.out == ''
    }

    def "on a terminal (stdin not one), each blob moving has a bar and x MiB / y MiB, and the screen is left with the finished lines"() {
        when:
        def run = Pty.run(dir, 'dev.skiff.cli.SkiffCli', 'copy', '--src-tls-verify=false', registry.ref('pipe/app:v1'), "oci:${dir}/tty:v1")

        then:
        run.exitCode == 0
        def drawn = run.drawn()
        drawn =~ /Copying blob sha256:[0-9a-f]{12} \[[=> ]+\] \d+\.\d MiB \/ 1\.5 MiB  /
        drawn =~ /\d of 4 blobs  \d+\.\d MiB \/ 4\.5 MiB  /
        drawn.contains('ETA ')

        and: 'once done, the live area is gone: four finished lines and the summary'
        def screen = run.screen()
        screen.size() == 5
        screen.take(4).every { it ==~ /Copying blob sha256:[0-9a-f]{12} done \(.*\)/ }
        screen[4].startsWith("Copied ${registry.ref('pipe/app:v1')} to oci:${dir}/tty:v1")
    }

    private List blobs() {
        image.layers() + [image.config()]
    }
}
