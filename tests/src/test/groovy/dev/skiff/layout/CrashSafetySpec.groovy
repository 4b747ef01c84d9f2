package dev.skiff.layout

import dev.skiff.Skiff
import dev.skiff.SkiffException
import dev.skiff.copy.CopyOptions
import dev.skiff.rig.Cli
import dev.skiff.rig.CommandJvm
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.channels.FileChannel
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.StandardOpenOption
import java.security.MessageDigest
import java.util.concurrent.TimeUnit
import org.spockframework.runtime.model.parallel.Resources
import spock.lang.AutoCleanup
import spock.lang.ResourceLock
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Writes into layouts survive kill -9, concurrent writers and damaged blobs: nothing under a final
 * blob name mismatches it, index.json is old or new, leftovers are cleaned, damage is not reused.
 */
@ResourceLock(Resources.SYSTEM_PROPERTIES)  // sets skiff.lockTimeout in this JVM
class CrashSafetySpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    static String sha256(Path file) {
        def md = MessageDigest.getInstance('SHA-256')
        Files.newInputStream(file).withCloseable { InputStream input ->
            byte[] b = new byte[65536]
            int n
            while ((n = input.read(b)) > 0) {
                md.update(b, 0, n)
            }
        }
        md.digest().encodeHex().toString()
    }

    /** Final-named blob files whose content does not hash to their name. */
    static List<String> mismatchedBlobs(Path layout) {
        def blobs = layout.resolve('blobs/sha256')
        if (!Files.isDirectory(blobs)) {
            return []
        }
        Files.list(blobs).toList().findAll { !it.fileName.toString().startsWith('.') && sha256(it) != it.fileName.toString() }
                .collect { it.fileName.toString() }
    }

    /** Takes the layout's lock as another Skiff writer would, with its holder line. */
    static Map holdLock(Path layout) {
        Files.createDirectories(layout)
        def channel = FileChannel.open(layout.resolve('.skiff-index.lock'), StandardOpenOption.CREATE, StandardOpenOption.WRITE)
        def lock = channel.lock()
        channel.write(java.nio.ByteBuffer.wrap('Skiff process 4242 on testhost since earlier'.bytes), 0)
        [channel: channel, lock: lock]
    }

    static int finalBlobs(Path layout) {
        def blobs = layout.resolve('blobs/sha256')
        Files.isDirectory(blobs) ? Files.list(blobs).toList().count { !it.fileName.toString().startsWith('.') } : 0
    }

    static List<Path> temps(Path layout) {
        def found = []
        layout.toFile().eachFileRecurse { if (it.name.startsWith('.tmp-')) { found << it.toPath() } }
        found
    }

    static Process startCopy(String... args) {
        new ProcessBuilder(CommandJvm.command() + ['copy', *args])
                .redirectErrorStream(true).redirectOutput(ProcessBuilder.Redirect.DISCARD).start()
    }

    def "kill -9 in the middle of a copy into a layout leaves no damaged blob and an old or new index.json; a rerun completes it"() {
        given: 'a layout holding one image, and a 32 MiB image behind a proxy that serves 2 MiB/s per connection'
        def layout = dir.resolve('layout')
        Images.single("oci:${layout}:old")
        byte[] oldIndex = Files.readAllBytes(layout.resolve('index.json'))
        Images.single(registry.ref('crash/big:v1'), [layers: 4, layerSize: 8 * 1024 * 1024])
        def proxy = new ThrottlingProxy(registry.port, 2 * 1024 * 1024)
        def source = "docker://${proxy.host}/crash/big:v1"

        when: 'the copy runs as its own process and is killed with SIGKILL while blobs are being written'
        def copy = startCopy('--src-tls-verify=false', source, "oci:${layout}:new")
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (copy.alive && System.nanoTime() < deadline
                && !temps(layout).any { Files.exists(it) && Files.size(it) > 2 * 1024 * 1024 }) {
            Thread.sleep(50)
        }
        boolean wasRunning = copy.alive
        copy.destroyForcibly() // SIGKILL on Unix: no shutdown hook, no finally
        copy.waitFor(10, TimeUnit.SECONDS)
        def leftovers = temps(layout)

        then: 'it was killed mid-transfer, not after it finished'
        wasRunning
        copy.exitValue() == 137
        !leftovers.isEmpty()

        and: 'no final-named blob mismatches its name, and index.json is the old one'
        mismatchedBlobs(layout) == []
        Files.readAllBytes(layout.resolve('index.json')) == oldIndex

        when: 'the same copy runs again'
        def rerun = Cli.run('copy', '--src-tls-verify=false', source, "oci:${layout}:new")

        then: 'it completes, removes the leftovers, and the layout verifies deep'
        rerun.exitCode == 0
        rerun.err.contains("temporary file${leftovers.size() == 1 ? '' : 's'} an interrupted earlier run left in the OCI layout at ${layout}")
        temps(layout) == []
        mismatchedBlobs(layout) == []
        new JsonSlurper().parse(layout.resolve('index.json').toFile()).manifests*.annotations*.get('org.opencontainers.image.ref.name') == ['old', 'new']
        Cli.run('verify', '--deep', '--diff-ids', "oci:${layout}").exitCode == 0
        Cli.run('verify', '--src-tls-verify=false', registry.ref('crash/big:v1'), "oci:${layout}:new").exitCode == 0
        Tools.umoci('stat', '--image', "${layout}:new")

        cleanup:
        proxy?.close()
    }

    def "two copies into one layout at the same time both succeed, and umoci validates the layout"() {
        given:
        def layout = dir.resolve('layout')
        Images.single(registry.ref('concurrent/a:v1'), [layers: 3, layerSize: 512 * 1024])
        Images.single(registry.ref('concurrent/b:v1'), [layers: 3, layerSize: 512 * 1024])

        when:
        def a = startCopy('--src-tls-verify=false', registry.ref('concurrent/a:v1'), "oci:${layout}:a")
        def b = startCopy('--src-tls-verify=false', registry.ref('concurrent/b:v1'), "oci:${layout}:b")

        then:
        a.waitFor(60, TimeUnit.SECONDS) && a.exitValue() == 0
        b.waitFor(60, TimeUnit.SECONDS) && b.exitValue() == 0
        new JsonSlurper().parse(layout.resolve('index.json').toFile()).manifests*.annotations*.get('org.opencontainers.image.ref.name').sort() == ['a', 'b']
        Tools.umoci('stat', '--image', "${layout}:a")
        Tools.umoci('stat', '--image', "${layout}:b")
        Cli.run('verify', '--deep', "oci:${layout}").exitCode == 0
    }

    def "a writer waits for a held layout lock, with a line naming the holder, and then completes"() {
        given:
        def layout = dir.resolve('layout')
        Images.single("oci:${dir}/src:v1")
        def channel = holdLock(layout)
        def lock = channel.lock

        when:
        Cli run = null
        def copier = Thread.start { run = Cli.run('copy', "oci:${dir}/src:v1", "oci:${layout}:v1") }
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60)
        while (mismatchedBlobs(layout).isEmpty() && finalBlobs(layout) < 4 && System.nanoTime() < deadline) {
            Thread.sleep(50) // until the copy has written its blobs and manifest and so is at index.json
        }
        Thread.sleep(2000)
        lock.release()
        channel.channel.close()
        copier.join(60000)

        then:
        run.exitCode == 0
        run.err.contains("Waiting for the OCI layout at ${layout}: Skiff process 4242 on testhost since earlier is writing its index.json (waiting up to 60 s)")
        Cli.run('verify', "oci:${dir}/src:v1", "oci:${layout}:v1").exitCode == 0
    }

    def "a lock held past the time limit fails with who holds it and what to do"() {
        given:
        def layout = dir.resolve('layout')
        Images.single("oci:${dir}/src:v1")
        def channel = holdLock(layout)
        def lock = channel.lock
        System.setProperty('skiff.lockTimeout', '1')

        when:
        Skiff.copy("oci:${dir}/src:v1", "oci:${layout}:v1", CopyOptions.defaults(), null, null, null)

        then:
        def e = thrown(SkiffException)
        e.message == "the OCI layout at ${layout} is locked by Skiff process 4242 on testhost since earlier for more than 1 s " +
                "(${layout}/.skiff-index.lock): wait for that process to finish and run this again " +
                "(a stopped process releases the lock; the file need not be deleted)"
        !Files.exists(layout.resolve('index.json'))

        cleanup:
        System.clearProperty('skiff.lockTimeout')
        lock?.release()
        channel?.channel?.close()
    }

    def "leftover temp files of a dead run are removed by the next write; a live writer's are kept"() {
        given:
        def layout = dir.resolve('layout')
        Images.single("oci:${layout}:one")
        def dead = new ProcessBuilder('true').start()
        dead.waitFor()
        def blobs = layout.resolve('blobs/sha256')
        def deadBlob = Files.write(blobs.resolve(".tmp-${'a' * 64}-123.p${dead.pid()}"), new byte[1000])
        def deadIndex = Files.write(layout.resolve(".tmp-index.json-456.p${dead.pid()}"), '{'.bytes)
        def live = Files.write(blobs.resolve(".tmp-${'b' * 64}-789.p${ProcessHandle.current().pid()}"), new byte[10])
        def userFile = Files.write(blobs.resolve('.notes'), 'mine'.bytes)

        when:
        def run = Cli.run('copy', "oci:${layout}:one", "oci:${layout}:two")

        then:
        run.exitCode == 0
        run.err.contains("Removed 2 temporary files an interrupted earlier run left in the OCI layout at ${layout}")
        !Files.exists(deadBlob) && !Files.exists(deadIndex)
        Files.exists(live) && Files.exists(userFile)
    }

    def "a damaged blob already in the destination is not reused: the copy replaces it (#where)"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def destination = "${where}:${dir}/dst${where == 'dir' ? '' : ':v1'}"
        Cli.run('copy', "oci:${dir}/src:v1", destination)
        if (where == 'oci-archive') {
            Images.single("oci-archive:${dir}/dst:other") // a second tag, so the damaged blob is carried over from the old archive
        }
        String layer = new JsonSlurper().parse(Cli.run('inspect', '--raw', "oci:${dir}/src:v1").outBytes()).layers[0].digest
        flipByte(where, dir.resolve('dst'), layer)

        when:
        def run = Cli.run('copy', "oci:${dir}/src:v1", destination)

        then:
        run.exitCode == 0
        run.err.contains("Warning: blob ${layer} in ")
        run.err.contains(' is damaged (wrong content: its bytes hash to sha256:')
        Cli.run('verify', '--deep', destination).exitCode == 0

        where:
        where << ['oci', 'dir', 'oci-archive']
    }

    /** Flips one byte of a stored blob in place: a file of a layout or dir, an entry of an archive. */
    static void flipByte(String transport, Path store, String digest) {
        String hex = digest.substring(7)
        Path file = transport == 'dir' ? store.resolve(hex) : transport == 'oci' ? store.resolve('blobs/sha256').resolve(hex) : store
        long at = 10
        if (transport == 'oci-archive') {
            dev.skiff.transport.archive.TarIndex.open(store).withCloseable { at += it.resolve("blobs/sha256/${hex}").offset() }
        }
        new RandomAccessFile(file.toFile(), 'rw').withCloseable { raf ->
            raf.seek(at)
            int b = raf.read()
            raf.seek(at)
            raf.write(b ^ 0x01)
        }
    }
}
