package dev.skiff.cli

import dev.skiff.layout.CrashSafetySpec
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.Specification
import spock.lang.TempDir

/** {@code copy -q} prints nothing but errors: not even the line about a layout lock it waits for. */
class QuietCopySpec extends Specification {
    @TempDir
    Path dir

    def "copy -q waits for a held layout lock without saying so, then completes"() {
        given:
        def layout = dir.resolve('layout')
        Images.single("oci:${dir}/src:v1")
        def held = CrashSafetySpec.holdLock(layout)

        when:
        Cli run = null
        long started = System.nanoTime()
        def copier = Thread.start { run = Cli.run('copy', '-q', "oci:${dir}/src:v1", "oci:${layout}:v1") }
        long deadline = started + TimeUnit.SECONDS.toNanos(60)
        while (CrashSafetySpec.finalBlobs(layout) < 4 && System.nanoTime() < deadline) {
            Thread.sleep(50) // until the copy has stored its blobs and manifest and so waits at index.json
        }
        Thread.sleep(1500)
        held.lock.release()
        held.channel.close()
        copier.join(60000)

        then: 'it waited for the lock, finished, and printed nothing'
        run.exitCode == 0
        System.nanoTime() - started >= TimeUnit.MILLISECONDS.toNanos(1500)
        run.out == ''
        run.err == ''
        Cli.run('verify', "oci:${dir}/src:v1", "oci:${layout}:v1").exitCode == 0
    }
}
