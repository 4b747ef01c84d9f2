package dev.skiff.sync

import dev.skiff.layout.CrashSafetySpec
import dev.skiff.layout.ThrottlingProxy
import dev.skiff.rig.Cli
import dev.skiff.rig.CommandJvm
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.TimeUnit
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** A sync process killed with SIGKILL part-way: what it finished stays, nothing is damaged, a re-run does the rest. */
class SyncInterruptSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start()

    @TempDir
    Path dir

    static List<Map> refs(Path layout) {
        Path index = layout.resolve('index.json')
        if (!Files.isRegularFile(index)) {
            return []
        }
        (new JsonSlurper().parse(index.toFile()).manifests ?: []) as List<Map>
    }

    def "a sync killed after some images are exported leaves them whole; the re-run skips them and copies the rest"() {
        given: 'six tags of distinct 3 MiB images, served through a proxy at 2 MiB/s per connection'
        def tags = (1..6).collect { "t${it}".toString() }
        def digests = tags.collectEntries { [(it): Images.single(source.ref("sync/kill:${it}"), [layers: 1, layerSize: 3 * 1024 * 1024]).digest().toString()] }
        def proxy = new ThrottlingProxy(source.port, 2 * 1024 * 1024)
        def layout = dir.resolve('bundle')

        when: 'the sync runs as its own process and gets SIGKILL once one image is in the layout'
        def sync = new ProcessBuilder(CommandJvm.command() + ['sync',
                '--src', 'docker', '--dest', 'oci', '--src-tls-verify=false', '--parallel', '2',
                "${proxy.host}/sync/kill".toString(), layout.toString()])
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (sync.alive && System.nanoTime() < deadline && refs(layout).isEmpty()) {
            Thread.sleep(20)
        }
        boolean wasRunning = sync.alive
        sync.destroyForcibly()
        sync.waitFor(10, TimeUnit.SECONDS)
        int done = refs(layout).size()

        then: 'it was killed part-way, with what it finished recorded and every stored blob whole'
        wasRunning
        sync.exitValue() == 137
        done >= 1 && done < 6
        CrashSafetySpec.mismatchedBlobs(layout) == []

        when: 'the same sync runs again'
        def rerun = Cli.run('sync', '--src', 'docker', '--dest', 'oci', '--src-tls-verify=false',
                "${source.host}/sync/kill".toString(), layout.toString())

        then: 'it skips what was finished, copies the rest, and the bundle holds every tag with its source digest'
        rerun.exitCode == 0
        rerun.out.contains("Sync done: ${6 - done} copied") || rerun.err.contains("Sync done: ${6 - done} copied")
        (rerun.out + rerun.err).contains("${done} skipped as up to date")
        refs(layout).collectEntries { [(it.annotations['org.opencontainers.image.ref.name'].tokenize(':').last()): it.digest] } == digests
        CrashSafetySpec.mismatchedBlobs(layout) == []
        Tools.umoci('stat', '--image', "${layout}:${refs(layout)[0].annotations['org.opencontainers.image.ref.name']}")

        cleanup:
        proxy?.close()
    }
}
