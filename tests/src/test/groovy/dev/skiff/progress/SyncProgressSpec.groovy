package dev.skiff.progress

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import groovy.json.JsonSlurper
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** What sync shows while it works: images in flight, images done of total; through the real command. */
class SyncProgressSpec extends Specification {
    static final String ESC = '\u001b'

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    def setupSpec() {
        // three tags of a few MiB each
        ['1.0', '1.1', '1.2'].each { tag ->
            Images.single("docker://${registry.host}/src/app:${tag}", [layers: 2, layerSize: 1024 * 1024])
        }
    }

    def "in a pipe, sync prints the count, one plain line per finished image and the summary, no control character"() {
        when:
        def run = sync('pipe')

        then:
        run.exitCode == 0
        def lines = run.out.readLines()
        lines[0] == '3 images to check'
        lines[1..3].every { it.startsWith("Copied docker://${registry.host}/src/app:1.") }
        lines[4].startsWith('Sync done: 3 copied')
        lines.size() == 5
        !run.out.contains(ESC) && !run.out.contains('\r')
        run.err == ''
    }

    def "--json: images planned, started and done on stderr, blob events named by their image; stdout is the report"() {
        when:
        def run = sync('json', '--json')

        then:
        run.exitCode == 0
        def events = run.err.readLines().collect { new JsonSlurper().parseText(it) }
        events[0] == [event: 'images-planned', images: 3]
        def sources = (0..2).collect { "docker://${registry.host}/src/app:1.${it}".toString() } as Set
        events.findAll { it.event == 'image-started' }*.source as Set == sources
        events.findAll { it.event == 'image-done' }*.status == ['copied'] * 3
        events.findAll { it.event?.startsWith('blob-') }*.image as Set == sources

        and: 'each image\'s blobs moved add up to the bytes its image-done reports'
        events.findAll { it.event == 'image-done' }.every { done ->
            events.findAll { it.event == 'blob-done' && it.image == done.source }.sum { it.size } == done.bytes
        }

        and:
        def report = new JsonSlurper().parseText(run.out)
        report.copied == 3
        report.images*.status == ['copied'] * 3
    }

    def "-q prints nothing on stderr, and only the summary on stdout"() {
        when:
        def run = sync('quiet', '-q')

        then:
        run.exitCode == 0
        run.err == ''
        run.out.readLines().size() == 1
        run.out.startsWith('Sync done: 3 copied')
    }

    def "on a terminal, sync shows images in flight with bytes done of total, and images done of total"() {
        when:
        def run = Pty.run(dir, 'dev.skiff.cli.SkiffCli', 'sync', '--src', 'docker', '--dest', 'docker', '--parallel', '1',
                '--src-tls-verify=false', '--dest-tls-verify=false', "${registry.host}/src/app", "${registry.host}/tty")

        then:
        run.exitCode == 0
        def drawn = run.drawn()
        drawn =~ /docker:\/\/${registry.host}\/src\/app:1\.\d \[[=> ]+\] \d+\.\d MiB \/ \d+\.\d MiB/ || drawn =~ /src\/app:1\.\d  starting/
        drawn =~ /[0-2] of 3 images done  \d+\.\d MiB moved  /

        and: 'the screen keeps the lines that stay, and the summary'
        def screen = run.screen()
        screen[0] == '3 images to check'
        screen[1..3].every { it.startsWith("Copied docker://${registry.host}/src/app:1.") }
        screen[4].startsWith('Sync done: 3 copied')
        screen.size() == 5
    }

    def "mirror shows a plan's progress as sync does: --json events on stderr, one JSON array of the plans' summaries on stdout"() {
        given:
        def plan = planFile('json')

        when:
        def run = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand'], plan.toString(), '--json')

        then:
        run.exitCode == 0
        def events = run.err.readLines().collect { new JsonSlurper().parseText(it) }
        events[0] == [event: 'images-planned', images: 3]
        events.count { it.event == 'image-done' && it.status == 'copied' } == 3
        events.any { it.event == 'blob-progress' && it.image == "docker://${registry.host}/src/app:1.0".toString() }
        new JsonSlurper().parseText(run.out)*.copied == [3]
    }

    def "mirror on a terminal shows images in flight and images done of total, and keeps its plan and image lines"() {
        given:
        def plan = planFile('mirror-tty')

        when:
        def run = Pty.run(dir, 'dev.skiff.dsl.MirrorCommand', plan.toString(), '--parallel', '1')

        then:
        run.exitCode == 0
        run.drawn() =~ /[0-2] of 3 images done  \d+\.\d MiB moved  /
        def screen = run.screen()
        screen[0].startsWith('Plan 1 of 1: ')
        screen[1] == '3 images to check'
        screen[2..4].every { it.startsWith("Copied docker://${registry.host}/src/app:1.") }
        screen[5].startsWith('Sync done: 3 copied')
        screen.size() == 6
    }

    private Path planFile(String destination) {
        def plan = dir.resolve('plan.groovy')
        plan.toFile().write("""
            mirror {
                from('${registry.host}') { tlsVerify false }
                images 'src/app'
                to registry('${registry.host}') { tlsVerify false }
                rename { repo -> "${destination}/\${repo}" }
            }
        """.toString())
        plan
    }

    private Cli sync(String destination, String... flags) {
        Cli.run(*(['sync', '--src', 'docker', '--dest', 'docker', '--src-tls-verify=false', '--dest-tls-verify=false'] + flags.toList()
                + ["${registry.host}/src/app", "${registry.host}/${destination}"]*.toString()) as String[])
    }
}
