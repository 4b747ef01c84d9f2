package dev.skiff.sync

import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.transport.ImageSource
import dev.skiff.transport.TagLister
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Sync knows transports only by what they declare: a transport that exists only in these tests
 * ({@link MemoryTransport}), registered at test time, is synced into and out of with nothing in
 * sync changed, and "not found" is a kind of failure, not a text sync searches for.
 */
class PluggableTransportSpec extends Specification {
    @Shared
    MemoryTransport memory = MemoryTransport.registered()

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    def "a transport registered at test time parses, and is listed with the others"() {
        expect:
        Transports.parse('test-mem:box:team/app:v1').toString() == 'test-mem:box:team/app:v1'
        Transports.all().keySet().first() == 'docker'
        Transports.all().containsKey('test-mem')
    }

    def "a name already registered cannot be taken over"() {
        when:
        Transports.register(memory)

        then:
        def e = thrown(IllegalArgumentException)
        e.message.contains('"test-mem" is already registered')
    }

    def "sync writes into the new transport's store and reads back out of it, and a second run finds everything up to date"() {
        given: 'an OCI layout with two tagged images'
        def layout = dir.resolve('layout').toString()
        def v1 = Images.single("oci:${layout}:team/app:v1")
        def v2 = Images.multi("oci:${layout}:team/app:v2")
        def box = 'box-' + UUID.randomUUID()

        when: 'the layout is synced into the test transport'
        def into = new SyncRunner(SyncPlan.to(SyncDestination.store("test-mem:${box}", null))
                .source(new SyncSource.LayoutBundle(Path.of(layout))).all(true).build(), null).run()

        then:
        !into.failed()
        into.with(SyncOutcome.Status.COPIED)*.item()*.destination()*.toString() == ["test-mem:${box}:team/app:v1", "test-mem:${box}:team/app:v2"]*.toString()
        memory.store(box, false).tags.keySet() == ['team/app:v1', 'team/app:v2'] as Set
        memory.store(box, false).tags['team/app:v1'].digest() == v1.digest()
        memory.store(box, false).tags['team/app:v2'].digest() == v2.digest()

        when: 'synced again: the store is asked for its manifests (it has no cheaper look-up) and nothing is copied'
        def again = new SyncRunner(SyncPlan.to(SyncDestination.store("test-mem:${box}", null))
                .source(new SyncSource.LayoutBundle(Path.of(layout))).all(true).build(), null).run()

        then:
        again.with(SyncOutcome.Status.SKIPPED).size() == 2
        again.with(SyncOutcome.Status.COPIED).isEmpty()

        when: 'the store is synced out into a new layout'
        def back = dir.resolve('back').toString()
        def out = new SyncRunner(SyncPlan.to(SyncDestination.oci(back))
                .source(new SyncSource.Store('test-mem', box, null)).all(true).build(), null).run()

        then: 'every image arrives under its name, digests unchanged'
        !out.failed()
        out.with(SyncOutcome.Status.COPIED).size() == 2
        tags("oci:${back}") as Set == ['team/app:v1', 'team/app:v2'] as Set   // committed as they arrive, in any order
        Transports.parse("oci:${back}:team/app:v1").openSource(TransportOptions.defaults()).withCloseable { it.manifest().digest() } == v1.digest()
        Transports.parse("oci:${back}:team/app:v2").openSource(TransportOptions.defaults()).withCloseable { it.manifest().digest() } == v2.digest()
    }

    def "a name the store lists but no longer holds fails as not found, and is not retried"() {
        given:
        def layout = dir.resolve('layout').toString()
        Images.single("oci:${layout}:team/app:v1")
        def box = 'ghosts-' + UUID.randomUUID()
        new SyncRunner(SyncPlan.to(SyncDestination.store("test-mem:${box}", null))
                .source(new SyncSource.LayoutBundle(Path.of(layout))).build(), null).run()
        def store = memory.store(box, false)
        store.ghosts << 'team/app:gone'
        store.manifestReads.set(0)

        when:
        def report = new SyncRunner(SyncPlan.to(SyncDestination.oci(dir.resolve('out').toString()))
                .source(new SyncSource.Store('test-mem', box, null)).keepGoing(true).retryTimes(3).build(), null).run()

        then:
        report.with(SyncOutcome.Status.COPIED).size() == 1
        def failed = report.with(SyncOutcome.Status.FAILED)
        failed.size() == 1
        failed[0].failure() == SyncOutcome.Failure.NOT_FOUND
        failed[0].notFound()
        failed[0].item().source().toString() == "test-mem:${box}:team/app:gone".toString()

        and: 'asked once for the gone image (and twice for the one copied: its look-up and its copy), despite three retries allowed'
        store.manifestReads.get() == 3
    }

    def "sync --keep-going of a tag missing in a registry reports it as not found by kind; other failures are errors"() {
        given:
        Images.single(registry.ref('team/app:v1'))
        def plan = SyncPlan.to(SyncDestination.oci(dir.resolve('mirror').toString()))
                .source(new SyncSource.Repository("${registry.host}/team/app", TagSelection.listed(['v1', 'v9']), Images.PLAIN_HTTP))
                .keepGoing(true).retryTimes(2).build()

        when:
        def report = new SyncRunner(plan, null).run()

        then:
        report.with(SyncOutcome.Status.COPIED)*.item()*.source()*.toString() == ["docker://${registry.host}/team/app:v1".toString()]
        def failed = report.with(SyncOutcome.Status.FAILED)
        failed*.failure() == [SyncOutcome.Failure.NOT_FOUND]
        failed[0].reason().contains('not found at the source')
        report.outcomes().findAll { it.status() != SyncOutcome.Status.FAILED }*.failure() == [null]
    }

    def "a transport that offers no store is refused as a sync place, naming it"() {
        given:
        def layout = dir.resolve('layout').toString()
        Images.single("oci:${layout}:team/app:v1")

        when:
        new SyncRunner(SyncPlan.to(SyncDestination.store('docker-daemon:x', null))
                .source(new SyncSource.LayoutBundle(Path.of(layout))).build(), null).items()

        then:
        def e = thrown(dev.skiff.SkiffException)
        e.message.contains('cannot sync with docker-daemon: images')
    }

    private static List<String> tags(String reference) {
        ImageSource s = Transports.parse(reference).openSource(TransportOptions.defaults())
        try {
            ((TagLister) s).listTags()
        } finally {
            s.close()
        }
    }
}
