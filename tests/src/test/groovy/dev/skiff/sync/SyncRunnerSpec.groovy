package dev.skiff.sync

import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** The sync engine through its library API: plans built in code, as the DSL will build them. */
class SyncRunnerSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start(accessLog: true)

    @TempDir
    Path dir

    def "a semver range takes the versions skopeo's Masterminds/semver would"() {
        expect:
        SemverRange.parse(range).matches(tag) == taken

        where:
        range               | tag           || taken
        '>= 1.2.0, < 2'     | '1.2.0'       || true
        '>= 1.2.0, < 2'     | '1.10.3'      || true
        '>= 1.2.0, < 2'     | '2.0.0'       || false
        '>= 1.2.0 < 2'      | 'v1.5'        || true
        '~1.2'              | '1.2.9'       || true
        '~1.2'              | '1.3.0'       || false
        '^1.2'              | '1.9.0'       || true
        '^0.2'              | '0.3.0'       || false
        '1.2.x'             | '1.2.7'       || true
        '1.2.x'             | '1.3.0'       || false
        '< 1 || >= 3'       | '3.1.0'       || true
        '< 1 || >= 3'       | '2.0.0'       || false
        '>= 1'              | 'latest'      || false
        '>= 1'              | '1.5.0-rc1'   || false
        '>= 1.5.0-rc0'      | '1.5.0-rc1'   || true
        '!= 1.2.3'          | '1.2.3'       || false
    }

    def "a range that is not one is refused, naming it"() {
        when:
        SemverRange.parse('>= banana')

        then:
        def e = thrown(dev.skiff.SkiffException)
        e.message.contains('invalid semver range ">= banana"')
    }

    def "images in flight at once that share blobs fetch each blob from the source once"() {
        given: 'four tags, three of them the same image'
        Images.single(source.ref('shared/app:a'))
        ['b', 'c'].each { Tools.skopeo('copy', '--src-tls-verify=false', '--dest-tls-verify=false', source.ref('shared/app:a'), source.ref("shared/app:${it}")) }
        Images.single(source.ref('shared/app:d'))
        int before = source.requests().size()
        def plan = SyncPlan.to(SyncDestination.oci(dir.resolve('bundle').toString()))
                .source(new SyncSource.Repository("${source.host}/shared/app", TagSelection.all(), Images.PLAIN_HTTP))
                .parallel(4).build()

        when:
        def report = new SyncRunner(plan, null).run()
        def blobGets = source.requests().drop(before).findAll { it.contains('"GET /v2/shared/app/blobs/') }

        then: 'two images: 2 configs and 4 layers, each fetched once'
        report.with(SyncOutcome.Status.COPIED).size() == 4
        blobGets.size() == 6
        blobGets.collect { it.find(/sha256:[0-9a-f]{64}/) }.unique().size() == 6
    }

    def "however many images are in flight, at most perRegistry requests are in flight against one registry"() {
        given: 'a slow registry (every request takes 40 ms) with 24 tags, counting requests in flight'
        def tiny = new dev.skiff.registry.TinyImage()
        def slow = new dev.skiff.registry.ScriptedServer()
        def inFlight = new java.util.concurrent.atomic.AtomicInteger()
        def most = new java.util.concurrent.atomic.AtomicInteger()
        def tags = (1..24).collect { "t${it}".toString() }
        slow.handler = { com.sun.net.httpserver.HttpExchange ex ->
            // Counted from arrival until just before the answer: a client holds its place longer.
            most.accumulateAndGet(inFlight.incrementAndGet(), Math::max)
            Thread.sleep(40)
            inFlight.decrementAndGet()
            String path = ex.requestURI.path
            if (path == '/v2/') {
                dev.skiff.registry.ScriptedServer.respond(ex, 200, '{}')
            } else if (path.endsWith('/tags/list')) {
                dev.skiff.registry.ScriptedServer.respond(ex, 200, groovy.json.JsonOutput.toJson([name: 'team/app', tags: tags]))
            } else {
                dev.skiff.registry.ScriptedServer.respond(ex, 200, tiny.manifest.raw(), ['Content-Type': tiny.manifest.mediaType(),
                        'Docker-Content-Digest': tiny.manifest.digest().toString()])
            }
        }
        def plan = SyncPlan.to(SyncDestination.oci(dir.resolve('bundle').toString()))
                .source(new SyncSource.Repository("${slow.host}/team/app", TagSelection.all(), Images.PLAIN_HTTP))
                .parallel(12).perRegistry(3).dryRun(true).build()

        when:
        def report = new SyncRunner(plan, null).run()

        then: 'every image was looked at, several at once, never more than 3 requests at a time'
        report.with(SyncOutcome.Status.WOULD_COPY).size() == 24
        most.get() == 3
        slow.requests.size() >= 24 * 2

        cleanup:
        slow?.close()
    }

    def "a tag deleted at the source after the tags were listed is a named failure, not a crash"() {
        given:
        Images.single(source.ref('moving/app:stays'))
        def gone = Images.single(source.ref('moving/app:goes'))
        def plan = SyncPlan.to(SyncDestination.oci(dir.resolve('moving').toString()))
                .source(new SyncSource.Repository("${source.host}/moving/app", TagSelection.all(), Images.PLAIN_HTTP))
                .keepGoing(true).build()
        def deleteAfterListing = new SyncListener() {
            @Override
            void planned(int images) {
                def conn = (HttpURLConnection) new URL("http://${source.host}/v2/moving/app/manifests/${gone.digest()}").openConnection()
                conn.requestMethod = 'DELETE'
                assert conn.responseCode == 202
            }
        }

        when:
        def report = new SyncRunner(plan, deleteAfterListing).run()

        then:
        report.with(SyncOutcome.Status.COPIED)*.item()*.source()*.toString() == ["docker://${source.host}/moving/app:stays".toString()]
        def failed = report.with(SyncOutcome.Status.FAILED)
        failed.size() == 1
        failed[0].reason() == "docker://${source.host}/moving/app:goes not found at the source (deleted since the tags were listed?)".toString()
        report.failed()
    }

    def "a plan is a value: the same inputs give equal plans"() {
        given:
        def build = { SyncPlan.to(SyncDestination.dir('/tmp/x')).source(new SyncSource.Repository('r.example/a', TagSelection.regex('^v'), null)).scoped(true).build() }

        expect:
        build() == build()
        build().parallel() == SyncPlan.DEFAULT_PARALLEL
    }
}
