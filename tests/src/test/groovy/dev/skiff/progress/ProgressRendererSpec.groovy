package dev.skiff.progress

import dev.skiff.cli.progress.CopyProgress
import dev.skiff.cli.progress.ProgressView
import dev.skiff.cli.progress.SyncProgress
import dev.skiff.cli.progress.TerminalView
import dev.skiff.copy.BlobOutcome
import dev.skiff.model.Descriptor
import dev.skiff.name.Digest
import dev.skiff.sync.SyncItem
import dev.skiff.sync.SyncOutcome
import dev.skiff.transport.Transports
import java.time.Duration
import org.jline.utils.ScreenTerminal
import spock.lang.Specification

/**
 * The live display, driven by hand: a fake clock (so rates and ETAs are exact) and JLine's virtual
 * terminal (a VT100 screen in memory, so what is checked is what a person would see, after every
 * cursor movement and erase JLine's Display chose to make).
 */
class ProgressRendererSpec extends Specification {
    static final long MIB = 1024 * 1024
    static final long SECOND = 1_000_000_000L

    long now = 0
    ScreenTerminal.VirtualTerminal virtual = ScreenTerminal.withTerminal('test', 'xterm-256color', 100, 20)
    TerminalView view = new TerminalView(virtual.terminal(), null, { now })

    def cleanup() {
        virtual.terminal().close()
    }

    def "a blob moving has a bar, x MiB of y MiB and its current rate; the total has an ETA"() {
        given:
        def progress = new CopyProgress(view, { now })
        def a = blob('a', 4 * MIB)
        def b = blob('b', 4 * MIB)

        when: 'two blobs planned, both started, one moves 1 MiB a second for two seconds'
        progress.blobsPlanned([a, b])
        progress.blobStarted(a)
        progress.blobStarted(b)
        now = 1 * SECOND
        progress.blobProgress(a, 1 * MIB)
        now = 2 * SECOND
        progress.blobProgress(a, 2 * MIB)

        then:
        def screen = text()
        screen.contains("Copying blob ${a.digest().shortForm()} [===============>              ] 2.0 MiB / 4.0 MiB  1.0 MiB/s")
        screen.contains("Copying blob ${b.digest().shortForm()} [                              ] 0.0 MiB / 4.0 MiB  0 B/s")
        screen.contains('0 of 2 blobs  2.0 MiB / 8.0 MiB  1.0 MiB/s  ETA 6s')
    }

    def "a finished blob's line stays above the live area, which goes on below it"() {
        given:
        def progress = new CopyProgress(view, { now })
        def a = blob('a', 1 * MIB)
        def b = blob('b', 3 * MIB)
        progress.blobsPlanned([a, b])
        progress.blobStarted(a)
        progress.blobStarted(b)

        when:
        now = 1 * SECOND
        progress.blobProgress(a, 1 * MIB)
        progress.blobDone(a, BlobOutcome.COPIED)
        now = 2 * SECOND
        progress.blobProgress(b, 1 * MIB)
        now = 3 * SECOND
        progress.blobProgress(b, 2 * MIB)

        then: 'the done line first, then the one blob still moving, then the total; nothing left of a'
        lines() == [
                "Copying blob ${a.digest().shortForm()} done (1.0 MiB)".toString(),
                "Copying blob ${b.digest().shortForm()} [====================>         ] 2.0 MiB / 3.0 MiB  682.7 KiB/s".toString(),
                '1 of 2 blobs  3.0 MiB / 4.0 MiB  1.0 MiB/s  ETA 1s']

        when: 'the copy ends'
        progress.blobDone(b, BlobOutcome.COPIED)
        progress.close()

        then: 'the live area is gone, the finished lines stay'
        lines() == ["Copying blob ${a.digest().shortForm()} done (1.0 MiB)".toString(),
                    "Copying blob ${b.digest().shortForm()} done (3.0 MiB)".toString()]
    }

    def "the rate is the current one: a blob that stalls shows its rate falling, not the average since the start"() {
        given:
        def progress = new CopyProgress(view, { now })
        def a = blob('a', 100 * MIB)
        progress.blobsPlanned([a])
        progress.blobStarted(a)

        when: '10 MiB a second for five seconds, then nothing for three'
        (1..5).each { now = it * SECOND; progress.blobProgress(a, it * 10 * MIB) }
        def moving = text()
        now = 8 * SECOND
        progress.blobProgress(a, 50 * MIB)

        then:
        moving.contains('50.0 MiB / 100.0 MiB  10.0 MiB/s')
        moving.contains('ETA 5s')
        text().contains('50.0 MiB / 100.0 MiB  0 B/s')
        text().contains('ETA --')
    }

    def "redraws are limited to ten a second however often bytes arrive"() {
        given:
        def progress = new CopyProgress(view, { now })
        def a = blob('a', 10 * MIB)
        progress.blobsPlanned([a])
        progress.blobStarted(a)

        when: 'a report every 10 ms'
        now = 1 * SECOND
        progress.blobProgress(a, 1 * MIB)
        def first = text()
        now += 10_000_000L
        progress.blobProgress(a, 2 * MIB)
        def soon = text()
        now += 100_000_000L
        progress.blobProgress(a, 3 * MIB)

        then:
        first.contains('1.0 MiB / 10.0 MiB')
        soon == first
        text().contains('3.0 MiB / 10.0 MiB')
    }

    def "a narrow terminal drops the bar before it cuts a line, and no line wraps"() {
        given:
        def narrow = ScreenTerminal.withTerminal('narrow', 'xterm-256color', 60, 10)
        def progress = new CopyProgress(new TerminalView(narrow.terminal(), null, { now }), { now })
        def a = blob('a', 4 * MIB)
        progress.blobsPlanned([a])
        progress.blobStarted(a)

        when:
        now = SECOND
        progress.blobProgress(a, 1 * MIB)
        def shown = narrow.screen().toString().readLines()*.trim().findAll()

        then:
        !shown.any { it.contains('[') }
        shown.every { it.length() < 60 }
        shown[0].startsWith('Copying blob sha256:')
        shown[1] == '0 of 1 blobs  1.0 MiB / 4.0 MiB  1.0 MiB/s  ETA 3s'

        cleanup:
        narrow.terminal().close()
    }

    def "a sync shows each image in flight with bytes done of its total, images done of total, the rate and an ETA"() {
        given: 'a wide terminal: the lines that stay name both images and the digest'
        def wide = ScreenTerminal.withTerminal('wide', 'xterm-256color', 250, 20)
        def progress = new SyncProgress(new TerminalView(wide.terminal(), null, { now }), false, { now })
        def items = (1..4).collect { item("app${it}") }
        progress.planned(4)

        when: 'app1 copied (4 MiB in 2 s), app2 up to date, app3 half way, app4 not started'
        def one = progress.copying(items[0])
        def blobs1 = [blob('1', 4 * MIB)]
        one.blobsPlanned(blobs1)
        now = 1 * SECOND
        one.blobProgress(blobs1[0], 2 * MIB)
        now = 2 * SECOND
        one.blobProgress(blobs1[0], 4 * MIB)
        one.blobDone(blobs1[0], BlobOutcome.COPIED)
        progress.finished(outcome(items[0], SyncOutcome.Status.COPIED, 4 * MIB))
        progress.finished(outcome(items[1], SyncOutcome.Status.SKIPPED, 0))
        def three = progress.copying(items[2])
        def blobs3 = [blob('3a', 2 * MIB), blob('3b', 2 * MIB)]
        three.blobsPlanned(blobs3)
        three.blobDone(blobs3[0], BlobOutcome.SKIPPED)
        now = 3 * SECOND
        three.blobProgress(blobs3[1], 1 * MIB)

        then: 'the finished images keep their lines; app3 is in flight (skipped blob counted done); ETA from the rate'
        def screen = wide.screen().toString().readLines()*.replaceAll(/\s+$/, '').findAll()
        screen[0] == '4 images to check'
        screen[1].startsWith("Copied ${items[0].source()} -> ${items[0].destination()}")
        screen[2].startsWith("Up to date ${items[1].source()}")
        screen[3].startsWith(items[2].source().toString())
        screen[3].endsWith('] 3.0 MiB / 4.0 MiB')
        // 5 MiB moved; rate over the last 3 s: 5 MiB / 3 s; left: 1 MiB of app3 + app4 at the mean of
        // the three images seen ((4 + 0 + 4) / 3 MiB): 3.67 MiB at 1.67 MiB/s = 2.2 s
        screen[4] == '2 of 4 images done  5.0 MiB moved  1.7 MiB/s  ETA 2s'

        cleanup:
        wide.terminal().close()
    }

    def "a plain view writes one line per finished thing and no control character"() {
        given:
        def out = new StringWriter()
        def progress = new CopyProgress(ProgressView.plain(new PrintWriter(out)), { now })
        def a = blob('a', 3 * MIB)

        when:
        progress.blobsPlanned([a])
        progress.blobStarted(a)
        progress.blobProgress(a, 1 * MIB)
        progress.blobDone(a, BlobOutcome.COPIED)
        progress.close()

        then:
        out.toString() == "Copying blob ${a.digest().shortForm()} done (3.0 MiB)\n"
    }

    def "an ETA reads as seconds, minutes or hours: #seconds s is '#text'"() {
        expect:
        dev.skiff.cli.progress.ProgressText.eta(seconds) == text

        where:
        seconds         || text
        5.4d            || 'ETA 5s'
        65d             || 'ETA 1m05s'
        3600d + 180     || 'ETA 1h03m'
        Double.NaN      || 'ETA --'
        -1d             || 'ETA --'
    }

    private String text() {
        virtual.screen().toString()
    }

    private List<String> lines() {
        text().readLines()*.replaceAll(/\s+$/, '').findAll()
    }

    private static Descriptor blob(String seed, long size) {
        Descriptor.of('application/vnd.oci.image.layer.v1.tar+gzip', Digest.sha256(seed.bytes), size)
    }

    private static SyncItem item(String name) {
        new SyncItem(Transports.parse("docker://src.example/team/${name}:1"), null,
                Transports.parse("docker://dst.example/team/${name}:1"))
    }

    private static SyncOutcome outcome(SyncItem item, SyncOutcome.Status status, long bytes) {
        new SyncOutcome(item, status, Digest.sha256(item.toString().bytes), bytes, Duration.ofSeconds(1), null, null)
    }
}
