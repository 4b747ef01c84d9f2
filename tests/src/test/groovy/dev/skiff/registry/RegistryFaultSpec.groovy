package dev.skiff.registry

import static dev.skiff.registry.ScriptedServer.respond

import com.sun.net.httpserver.HttpExchange
import dev.skiff.Hint
import dev.skiff.io.BoundedRead
import dev.skiff.model.Descriptor
import dev.skiff.model.ImageManifest
import dev.skiff.model.MediaType
import dev.skiff.name.Digest
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import java.nio.file.Files
import java.nio.file.Path
import java.time.ZoneOffset
import java.time.ZonedDateTime
import java.time.format.DateTimeFormatter
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Faults a real registry will not make on demand — cut downloads, 429 with Retry-After, 503 bursts,
 * redirects to storage on another host, oversized bodies — injected by a {@link FaultProxy} in
 * front of a real docker-registry, through the real command.
 */
class RegistryFaultSpec extends Specification {
    static final String PASSWORD = 's3cret-pass-' + UUID.randomUUID()

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @Shared
    @AutoCleanup
    RegistryRig secured = RegistryRig.start(user: 'bob', password: PASSWORD)

    @Shared
    ImageManifest image

    @AutoCleanup
    FaultProxy proxy = FaultProxy.before(registry)

    @TempDir
    Path dir

    def setupSpec() {
        image = Images.single(registry.ref('team/app:v1'), [layers: 1, layerSize: 256 * 1024]) as ImageManifest
    }

    Descriptor getLayer() {
        image.layers()[0]
    }

    boolean isLayerGet(FaultProxy.Exchange ex) {
        ex.method == 'GET' && ex.path.endsWith("/blobs/${layer.digest()}")
    }

    boolean isManifestGet(FaultProxy.Exchange ex) {
        ex.method == 'GET' && ex.path.contains('/manifests/')
    }

    Cli pull(String... flags) {
        Cli.run(*(['copy', '--src-tls-verify=false'] + flags.toList() + [proxy.ref('team/app:v1'), "oci:${dir}/out:v1".toString()]))
    }

    Cli inspectThroughProxy(String... flags) {
        Cli.run(*(['inspect', '--tls-verify=false', '--format', '{{.Digest}}'] + flags.toList() + [proxy.ref('team/app:v1')]))
    }

    boolean layerArrivedIntact() {
        Path blob = dir.resolve("out/blobs/sha256/${layer.digest().hex()}")
        Files.exists(blob) && Digest.sha256(Files.readAllBytes(blob)) == layer.digest()
    }

    def "a blob download cut after 100000 bytes resumes with Range: bytes=100000- and the whole digest is verified"() {
        given:
        proxy.fault = { ex -> isLayerGet(ex) && ex.previous == 0 ? [cutAfter: 100000] : null }

        when:
        def copy = pull('--retry-delay', '10ms')

        then:
        copy.exitCode == 0

        and: 'the second GET asked for the rest, and the real registry answered 206'
        def gets = proxy.seen('GET', "/blobs/${layer.digest()}")
        gets.size() == 2
        gets[0].header('Range') == null
        gets[1].header('Range') == 'bytes=100000-'
        gets[1].status == 206
        layerArrivedIntact()
    }

    def "a server that ignores Range sends the whole blob again: the download restarts from zero and still verifies"() {
        given:
        proxy.fault = { ex ->
            !isLayerGet(ex) ? null : ex.previous == 0 ? [cutAfter: 100000] : ex.previous == 1 ? [dropRange: true] : null
        }

        when:
        def copy = pull('--retry-delay', '10ms')

        then:
        copy.exitCode == 0
        def gets = proxy.seen('GET', "/blobs/${layer.digest()}")
        gets.size() == 2
        gets[1].status == 200
        layerArrivedIntact()
    }

    def "a resume answered with another range than asked for starts the blob again from byte 0, and still verifies"() {
        given: 'the first GET is cut; the Range GET gets a 206 holding the start of the blob, not the rest'
        proxy.fault = { ex ->
            !isLayerGet(ex) ? null : ex.previous == 0 ? [cutAfter: 100000]
                    : ex.previous == 1 ? [status: 206, body: 'x' * 100, headers: ['Content-Range': 'bytes 0-99/1000']] : null
        }

        when:
        def copy = pull('--retry-delay', '10ms')

        then:
        copy.exitCode == 0

        and: 'the third GET asked for the whole blob again'
        def gets = proxy.seen('GET', "/blobs/${layer.digest()}")
        gets.size() == 3
        gets[1].header('Range') == 'bytes=100000-'
        gets[2].header('Range') == null
        gets[2].status == 200
        layerArrivedIntact()
    }

    def "a download cut on every attempt gives up after the retries, says how many, and stores nothing"() {
        given:
        proxy.fault = { ex -> isLayerGet(ex) ? [cutAfter: 1000 * (ex.previous + 1)] : null }

        when:
        def copy = pull('--retry-times', '2', '--retry-delay', '10ms')

        then:
        copy.exitCode == 1
        copy.err.contains('gave up after 3 attempts')
        proxy.seen('GET', "/blobs/${layer.digest()}").size() == 3
        !Files.exists(dir.resolve("out/blobs/sha256/${layer.digest().hex()}"))
    }

    def "a 429 with Retry-After as #form is waited for, then the request goes through"() {
        given:
        proxy.fault = { ex ->
            isManifestGet(ex) && ex.previous == 0
                    ? [status: 429, body: '{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}', headers: ['Retry-After': retryAfter()]]
                    : null
        }

        when:
        def result = inspectThroughProxy()

        then:
        result.exitCode == 0
        result.out.trim() == image.digest().toString()
        def gets = proxy.exchanges.findAll { isManifestGet(it) }
        gets[0].status == 429
        gets[1].status == 200
        (gets[1].at - gets[0].at) / 1e9 >= 1.5

        where:
        form           | retryAfter
        'seconds'      | { -> '2' }
        'an HTTP date' | { -> DateTimeFormatter.RFC_1123_DATE_TIME.format(ZonedDateTime.now(ZoneOffset.UTC).plusSeconds(3)) }
    }

    def "a burst of three 503s is ridden out with exponential backoff and jitter (--retry-times defaults to 3)"() {
        given:
        proxy.fault = { ex -> isManifestGet(ex) && ex.previous < 3 ? [status: 503, body: '{"errors":[{"code":"UNAVAILABLE"}]}'] : null }

        when:
        def result = inspectThroughProxy()

        then:
        result.exitCode == 0
        def gets = proxy.exchanges.findAll { isManifestGet(it) }
        gets*.status.take(4) == [503, 503, 503, 200]

        and: 'the waits (about 1 s, 2 s, 4 s, each between half and all of it) grow'
        def waits = (1..3).collect { (gets[it].at - gets[it - 1].at) / 1e9 }
        waits[0] >= 0.45 && waits[0] < 1.5
        waits[1] > waits[0]
        waits[2] > waits[1]
    }

    def "503s past --retry-times #times end in an error with the status and #says"() {
        given:
        proxy.fault = { ex -> isManifestGet(ex) ? [status: 503, body: '{"errors":[{"code":"UNAVAILABLE","message":"try later"}]}'] : null }

        when:
        def result = inspectThroughProxy('--retry-times', times, '--retry-delay', '10ms')

        then:
        result.exitCode == 1
        result.err.contains('503 UNAVAILABLE: try later')
        result.err.contains(says)
        proxy.exchanges.count { isManifestGet(it) } == attempts

        where:
        times || attempts | says
        '2'   || 3        | 'gave up after 3 attempts'
        '0'   || 1        | 'cannot read manifest team/app:v1'
    }

    def "a connection dropped before the answer, or a manifest cut mid-body, is asked for again: #fault"() {
        given:
        proxy.fault = { ex -> isManifestGet(ex) && ex.previous == 0 ? fault : null }

        when:
        def result = inspectThroughProxy('--retry-delay', '10ms')

        then:
        result.exitCode == 0
        result.out.trim() == image.digest().toString()
        proxy.exchanges.count { isManifestGet(it) } >= 2

        where:
        fault << [[drop: true], [cutAfter: 10]]
    }

    def "a manifest PUT that meets a 503 is sent again, its bytes being in memory"() {
        given:
        Images.single("oci:${dir}/layout:v1")
        proxy.fault = { ex -> ex.method == 'PUT' && ex.path.contains('/manifests/') && ex.previous == 0 ? [status: 503] : null }

        when:
        def push = Cli.run('copy', '--dest-tls-verify=false', '--retry-delay', '10ms', "oci:${dir}/layout:v1", proxy.ref('pushed/app:v1'))

        then:
        push.exitCode == 0
        proxy.seen('PUT', '/manifests/')*.status == [503, 201]
    }

    def "a blob PUT streamed from the source is never replayed: a 503 fails the copy, each upload sent once"() {
        given:
        Images.single("oci:${dir}/layout:v1")
        proxy.fault = { ex -> ex.method == 'PUT' && ex.path.contains('/blobs/uploads/') ? [status: 503, body: '{"errors":[{"code":"UNAVAILABLE"}]}'] : null }

        when:
        def push = Cli.run('copy', '--dest-tls-verify=false', '--retry-delay', '10ms', "oci:${dir}/layout:v1", proxy.ref('streamed/app:v1'))

        then:
        push.exitCode == 1
        push.err.contains('503 UNAVAILABLE')
        def puts = proxy.seen('PUT', '/blobs/uploads/')
        !puts.empty
        puts.groupBy { it.path }.values().every { it.size() == 1 }
        proxy.seen('PUT', '/manifests/').empty
    }

    def "with TLS verification on, a plain-HTTP registry gets no plain-HTTP request, only an error about TLS"() {
        when:
        def result = Cli.run('inspect', proxy.ref('team/app:v1'))

        then:
        result.exitCode == 1
        result.err.contains("${proxy.host} does not speak TLS")
        proxy.exchanges.empty
    }

    def "a 429 that outlasts the retries says so with the registry's remaining rate limit"() {
        given:
        proxy.fault = { ex ->
            isManifestGet(ex) ? [status: 429, body: '{"errors":[{"code":"TOOMANYREQUESTS","message":"pull limit reached"}]}',
                                 headers: ['RateLimit-Limit': '100;w=21600', 'RateLimit-Remaining': '0;w=21600', 'Retry-After': '0']] : null
        }

        when:
        def result = inspectThroughProxy('--retry-times', '1')

        then:
        result.exitCode == 1
        result.err.contains('429 TOOMANYREQUESTS: pull limit reached (rate limited, 0 of 100 remaining: try again later); gave up after 2 attempts')
    }

    def "connections dropped on every attempt end in an error that counts the attempts"() {
        given:
        proxy.fault = { ex -> isManifestGet(ex) ? [drop: true] : null }

        when:
        def result = inspectThroughProxy('--retry-times', '2', '--retry-delay', '10ms')

        then:
        result.exitCode == 1
        result.err.contains("I/O error talking to ${proxy.host}")
        result.err.contains('gave up after 3 attempts')
    }

    def "skopeo's global form works too: skiff --debug list-tags"() {
        when:
        def result = Cli.run('--debug', 'list-tags', '--tls-verify=false', proxy.ref('team/app'))

        then:
        result.exitCode == 0
        result.out.contains('"v1"')
        result.err.contains("DEBUG GET http://${proxy.host}/v2/team/app/tags/list -> 200")
    }

    def "a bad --retry-delay is bad usage"() {
        when:
        def result = inspectThroughProxy('--retry-delay', 'soon')

        then:
        result.exitCode == 2
        result.err.contains('invalid duration "soon"')
    }

    def "an error body past 1 MiB is not read: the error keeps its status and says the body was too large"() {
        given:
        proxy.fault = { ex -> isManifestGet(ex) ? [status: 500, body: 'x' * (BoundedRead.BODY_LIMIT + 10)] : null }

        when:
        def result = inspectThroughProxy('--retry-times', '0')

        then:
        result.exitCode == 1
        result.err.contains('500: error body larger than the limit of 1048576 bytes, not read')
    }

    def "a manifest past 4 MiB is a clear error"() {
        given:
        proxy.fault = { ex ->
            isManifestGet(ex) ? [status: 200, body: ' ' * (BoundedRead.MANIFEST_LIMIT + 1), headers: ['Content-Type': MediaType.OCI_MANIFEST]] : null
        }

        when:
        def result = inspectThroughProxy()

        then:
        result.exitCode == 1
        result.err.contains('larger than the limit of 4194304 bytes')
    }

    def "a blob GET redirected to storage on another host carries no Authorization there, and --debug shows requests and rate limits but no secret"() {
        given: 'the image in a registry that wants bob, behind a proxy that sends the layer to storage on 127.0.0.2'
        Tools.skopeo('copy', '--src-tls-verify=false', '--dest-tls-verify=false', '--dest-creds', "bob:${PASSWORD}",
                registry.ref('team/app:v1'), secured.ref('team/app:v1'))
        byte[] layerBytes = Transports.parse(registry.ref('team/app:v1')).openSource(TransportOptions.defaults().withTlsVerify(false))
                .openBlob(layer).withCloseable { it.readAllBytes() }
        def storage = new ScriptedServer('127.0.0.2')
        storage.handler = { HttpExchange ex -> respond(ex, 200, layerBytes) }
        String signature = 'sig-' + UUID.randomUUID()
        String accessToken = 'tok-' + UUID.randomUUID()
        def front = FaultProxy.before(secured)
        front.fault = { ex ->
            isLayerGet(ex) ? [status: 307, headers: ['Location': "${storage.url}/storage/${layer.digest().hex()}?X-Amz-Signature=${signature}&access_token=${accessToken}".toString()]]
                    : [addHeaders: ['RateLimit-Limit': '100;w=21600', 'RateLimit-Remaining': '42;w=21600']]
        }

        when:
        def copy = Cli.run('copy', '--debug', '--src-tls-verify=false', '--src-creds', "bob:${PASSWORD}",
                front.ref('team/app:v1'), "oci:${dir}/out:v1")

        then:
        copy.exitCode == 0
        layerArrivedIntact()

        and: 'the registry got Basic credentials, the storage host none'
        front.seen('GET', "/blobs/${layer.digest()}")[0].header('Authorization') == okhttp3.Credentials.basic('bob', PASSWORD)
        storage.seen('/storage/').size() == 1
        storage.seen('/storage/')[0].header('Authorization') == null

        and: '--debug printed request lines with the rate limit'
        copy.err.contains("DEBUG GET http://${front.host}/v2/team/app/manifests/v1 -> 200 (rate limit: 42 of 100 remaining)")
        copy.err.contains("DEBUG GET ${storage.url}/storage/${layer.digest().hex()} -> 200")

        and: 'no password, Authorization, signature or token anywhere in the output'
        def all = copy.out + copy.err
        [PASSWORD, okhttp3.Credentials.basic('bob', PASSWORD).substring(6), 'Authorization', signature, accessToken].every { !all.contains(it) }

        cleanup:
        storage?.close()
        front?.close()
    }

    def "an https registry that redirects a blob to plain http is refused, and nothing goes to the http host"() {
        given:
        def tls = new ScriptedServer('127.0.0.1', true)
        def plain = new ScriptedServer('127.0.0.2')
        tls.handler = { HttpExchange ex ->
            ex.requestURI.path == '/v2/' ? respond(ex, 200, '{}') : respond(ex, 307, null, ['Location': "${plain.url}/storage/blob".toString()])
        }
        def source = dev.skiff.transport.registry.DockerReference.of("${tls.host}/team/app:v1")
                .openSource(new TransportOptions(null, true, ScriptedServer.certDir()))

        when:
        source.openBlob(layer)

        then:
        def e = thrown(RegistryException)
        e.message.contains('to plain http')
        e.message.contains('refusing the downgrade')
        e.hint() == Hint.PLAIN_HTTP
        !e.message.contains('--')
        plain.requests.empty

        cleanup:
        tls.close()
        plain.close()
    }
}
