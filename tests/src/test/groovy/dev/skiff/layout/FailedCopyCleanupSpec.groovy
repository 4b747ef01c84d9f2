package dev.skiff.layout

import dev.skiff.Skiff
import dev.skiff.SkiffException
import dev.skiff.copy.CopyOptions
import dev.skiff.model.ImageManifest
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.sync.SyncDestination
import dev.skiff.sync.SyncOutcome
import dev.skiff.sync.SyncPlan
import dev.skiff.sync.SyncRunner
import dev.skiff.sync.SyncSource
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A copy into an {@code oci:} path that fails takes back what it created: a new path is left as
 * if the copy never ran (no directory holding only {@code oci-layout}), an existing layout is left
 * exactly as it was. Images of one sync that share a layout keep what the others committed.
 */
class FailedCopyCleanupSpec extends Specification {
    @TempDir
    Path dir

    /** An image in an OCI layout whose last layer's blob has been deleted: reading it fails part-way. */
    private String brokenSource(String tag = 'v1') {
        def src = dir.resolve('src')
        def manifest = Images.single("oci:${src}:${tag}", [layers: 3]) as ImageManifest
        Files.delete(src.resolve('blobs/sha256').resolve(manifest.layers().last().digest().hex()))
        "oci:${src}:${tag}"
    }

    /** Every file under {@code root} with its SHA-256, and every directory. */
    private static Map<String, String> snapshot(Path root) {
        Files.walk(root).withCloseable { s ->
            s.toList().collectEntries { p ->
                [(root.relativize(p).toString()): Files.isDirectory(p) ? 'dir' : MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(p)).encodeHex().toString()]
            }
        }
    }

    def "a copy that fails part-way into a new oci: path leaves no directory, not even the parents it made"() {
        given:
        def source = brokenSource()
        def target = dir.resolve('new/deeper/layout')

        when:
        Skiff.copy(source, "oci:${target}:v1", CopyOptions.defaults(), null, null, null)

        then:
        def e = thrown(SkiffException)
        e.message.contains('is missing from the OCI layout')
        !Files.exists(dir.resolve('new'))
    }

    def "a copy from a registry that is not there, into a new oci: path, leaves no directory"() {
        given:
        int port = RegistryRig.freePort()
        def target = dir.resolve('fresh')

        when:
        Skiff.copy("docker://127.0.0.1:${port}/team/app:v1", "oci:${target}:v1", CopyOptions.defaults(),
                Images.PLAIN_HTTP.withRetry(dev.skiff.transport.RetryPolicy.NONE), null, null)

        then:
        thrown(SkiffException)
        !Files.exists(target)
    }

    def "a copy that fails part-way into an existing layout leaves it exactly as it was"() {
        given: 'a layout holding another image'
        def target = dir.resolve('existing')
        Images.single("oci:${target}:old", [layers: 2])
        def source = brokenSource()
        def before = snapshot(target)

        when:
        Skiff.copy(source, "oci:${target}:v1", CopyOptions.defaults(), null, null, null)

        then:
        thrown(SkiffException)
        snapshot(target) == before
    }

    def "an empty directory given as a new layout stays, empty"() {
        given:
        def target = Files.createDirectories(dir.resolve('empty'))

        when:
        Skiff.copy(brokenSource(), "oci:${target}:v1", CopyOptions.defaults(), null, null, null)

        then:
        thrown(SkiffException)
        Files.isDirectory(target)
        Files.list(target).withCloseable { it.count() } == 0
    }

    def "in a sync into a new layout, an image that fails takes nothing the others committed; when all fail no layout is left"() {
        given: 'a layout bundle with one sound image and one whose layer is gone'
        def bundle = dir.resolve('bundle')
        Images.single("oci:${bundle}:team/app:good", [layers: 2])
        def broken = Images.single("oci:${bundle}:team/app:broken", [layers: 3]) as ImageManifest
        Files.delete(bundle.resolve('blobs/sha256').resolve(broken.layers().last().digest().hex()))
        def target = dir.resolve('mirror')

        when:
        def report = new SyncRunner(SyncPlan.to(SyncDestination.oci(target.toString()))
                .source(new SyncSource.LayoutBundle(bundle)).parallel(2).keepGoing(true).build(), null).run()

        then: 'the sound image is there and whole'
        report.with(SyncOutcome.Status.COPIED).size() == 1
        report.with(SyncOutcome.Status.FAILED).size() == 1
        Skiff.copy("oci:${target}:team/app:good", "oci:${dir.resolve('check')}:good", CopyOptions.defaults(), null, null, null)
        Transports.parse("oci:${target}").openSource(TransportOptions.defaults()).withCloseable { it.listTags() } == ['team/app:good']

        when: 'a bundle of broken images only is synced into another new layout'
        def allBroken = dir.resolve('all-broken')
        ['a', 'b'].each {
            def m = Images.single("oci:${allBroken}:team/app:${it}", [layers: 3]) as ImageManifest
            Files.delete(allBroken.resolve('blobs/sha256').resolve(m.layers().last().digest().hex()))
        }
        def lone = dir.resolve('lone')
        def none = new SyncRunner(SyncPlan.to(SyncDestination.oci(lone.toString()))
                .source(new SyncSource.LayoutBundle(allBroken)).parallel(2).keepGoing(true).build(), null).run()

        then:
        none.with(SyncOutcome.Status.FAILED).size() == 2
        !Files.exists(lone)
    }
}
