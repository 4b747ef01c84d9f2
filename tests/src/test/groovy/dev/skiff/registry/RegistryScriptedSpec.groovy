package dev.skiff.registry

import static dev.skiff.registry.ScriptedServer.respond

import com.sun.net.httpserver.HttpExchange
import dev.skiff.Hint
import dev.skiff.auth.Credentials
import dev.skiff.io.BlobVerificationException
import dev.skiff.io.BoundedRead
import dev.skiff.io.VerifyingInputStream
import dev.skiff.model.MediaType
import dev.skiff.name.Digest
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.registry.DockerReference
import dev.skiff.transport.registry.RegistrySource
import spock.lang.Specification

/**
 * Bearer tokens, redirects to storage hosts, uploads, TLS and faults, against scripted servers: the
 * "registry" speaks HTTPS with a self-signed certificate on 127.0.0.1; plain-HTTP helpers run on
 * 127.0.0.1 (another port) and 127.0.0.2 (another host, as far as the client can tell).
 */
class RegistryScriptedSpec extends Specification {
    static final TransportOptions PLAIN = TransportOptions.defaults().withTlsVerify(false)

    ScriptedServer registry = new ScriptedServer('127.0.0.1', true)
    ScriptedServer sameHost = new ScriptedServer('127.0.0.1')
    ScriptedServer elsewhere = new ScriptedServer('127.0.0.2')
    TinyImage image = new TinyImage()
    String token = 'tok-' + UUID.randomUUID()

    def cleanup() {
        registry.close()
        sameHost.close()
        elsewhere.close()
    }

    DockerReference ref(String repoAndTag) {
        DockerReference.of("${registry.host}/${repoAndTag}")
    }

    /** A registry that wants Bearer {@code token} everywhere under /v2/, with its realm at {@code realmBase}/token. */
    void bearerRegistry(String realmBase, String tokenField = 'token', Closure resources = null) {
        Closure realmHandler = { HttpExchange ex ->
            respond(ex, 200, """{"${tokenField}":"${token}","expires_in":300}""", ['Content-Type': 'application/json'])
        }
        [sameHost, elsewhere].each { if (realmBase == it.url) it.handler = realmHandler }
        registry.handler = { HttpExchange ex ->
            String path = ex.requestURI.path
            if (path == '/token') {
                realmHandler(ex)
                return
            }
            if (ex.requestHeaders.getFirst('Authorization') != "Bearer ${token}".toString()) {
                String scope = path == '/v2/' ? '' : ",scope=\"repository:team/app:pull\""
                respond(ex, 401, '{"errors":[{"code":"UNAUTHORIZED","message":"authentication required"}]}',
                        ['WWW-Authenticate': "Bearer realm=\"${realmBase}/token\",service=\"scripted\"${scope}".toString()])
                return
            }
            if (path == '/v2/') {
                respond(ex, 200, '{}')
            } else if (resources != null) {
                resources(ex)
            } else if (path == '/v2/team/app/manifests/v1') {
                respond(ex, 200, image.manifest.raw(), ['Content-Type': MediaType.OCI_MANIFEST])
            } else {
                respond(ex, 404, '{"errors":[{"code":"MANIFEST_UNKNOWN","message":"manifest unknown"}]}')
            }
        }
    }

    def "an anonymous bearer token is fetched from the realm (#field) and then reused"() {
        given:
        bearerRegistry(registry.url, field)
        def source = ref('team/app:v1').openSource(PLAIN)

        when:
        def first = source.manifest()
        def second = source.manifest()

        then:
        first.raw() == image.manifest.raw()
        second.digest() == image.digest

        and: 'one token request, for the repository pull scope, sent without credentials'
        def tokenRequests = registry.seen('/token')
        tokenRequests.size() == 1
        tokenRequests[0].query.contains('service=scripted')
        tokenRequests[0].query.contains('scope=repository%3Ateam%2Fapp%3Apull') || tokenRequests[0].query.contains('scope=repository:team/app:pull')
        tokenRequests[0].header('Authorization') == null

        and: 'manifests were asked for with the manifest Accept list and the token'
        registry.seen('/v2/team/app/manifests/v1').every {
            it.header('Authorization') == "Bearer ${token}" && it.header('Accept') == MediaType.MANIFEST_ACCEPT
        }

        where:
        field << ['token', 'access_token']
    }

    def "Basic credentials go to a token realm only over https or on the registry's host: #realm"() {
        given:
        ScriptedServer realmServer = [registry: registry, sameHost: sameHost, elsewhere: elsewhere][realm]
        bearerRegistry(realmServer.url)

        when:
        def manifest = ref('team/app:v1').openSource(PLAIN.withCredentials(Credentials.parse('bob:s3cret'))).manifest()

        then: 'the token came from the realm and was used at the registry'
        manifest.digest() == image.digest
        realmServer.seen('/token').size() == 1
        (realmServer.seen('/token')[0].header('Authorization') == okhttp3.Credentials.basic('bob', 's3cret')) == sent
        registry.seen('/v2/team/app/manifests/v1').last().header('Authorization') == "Bearer ${token}"

        where:
        realm       | sent
        'registry'  | true    // https
        'sameHost'  | true    // plain http, but 127.0.0.1 like the registry
        'elsewhere' | false   // plain http on 127.0.0.2
    }

    def "a blob GET redirected to another host carries no Authorization"() {
        given:
        bearerRegistry(registry.url, 'token') { HttpExchange ex ->
            respond(ex, 307, null, ['Location': "${elsewhere.url}/storage/blob?X-Amz-Signature=sig123".toString()])
        }
        elsewhere.handler = { HttpExchange ex -> respond(ex, 200, image.layer) }
        def source = ref('team/app:v1').openSource(PLAIN.withCredentials(Credentials.parse('bob:s3cret')))

        when:
        byte[] bytes = new VerifyingInputStream(source.openBlob(image.layerDescriptor), image.layerDescriptor).withCloseable { it.readAllBytes() }

        then:
        bytes == image.layer
        registry.seen("/v2/team/app/blobs/${image.layerDescriptor.digest()}").last().header('Authorization') == "Bearer ${token}"
        elsewhere.seen('/storage/blob').size() == 1
        elsewhere.seen('/storage/blob')[0].header('Authorization') == null
    }

    def "a blob redirected to a host that refuses the connection names that host, not the registry"() {
        given: 'a port on 127.0.0.2 with nothing listening'
        int port = new ServerSocket(0, 1, InetAddress.getByName('127.0.0.2')).withCloseable { it.localPort }
        registry.handler = { HttpExchange ex ->
            ex.requestURI.path == '/v2/' ? respond(ex, 200, '{}')
                    : respond(ex, 307, null, ['Location': "http://127.0.0.2:${port}/storage/blob?X-Amz-Signature=sig123".toString()])
        }

        when:
        RegistryClient.forRegistry(registry.host, PLAIN).getBlob('team/app', image.layerDescriptor.digest())

        then:
        def e = thrown(RegistryException)
        e.message.startsWith("cannot connect to 127.0.0.2:${port} (where ${registry.host} redirected GET".toString())
        e.message.endsWith(': connection refused')
        !e.message.contains('is the registry running')
        !e.message.contains('sig123')
        e.status() == 0
    }

    def "blob bytes that do not match their digest fail verification"() {
        given:
        byte[] wrong = image.layer.clone()
        wrong[0] ^= 0x01
        bearerRegistry(registry.url, 'token') { HttpExchange ex ->
            respond(ex, 307, null, ['Location': "${elsewhere.url}/storage/blob".toString()])
        }
        elsewhere.handler = { HttpExchange ex -> respond(ex, 200, wrong) }

        when:
        new VerifyingInputStream(ref('team/app:v1').openSource(PLAIN).openBlob(image.layerDescriptor), image.layerDescriptor)
                .withCloseable { it.readAllBytes() }

        then:
        def e = thrown(BlobVerificationException)
        e.message.contains("expected ${image.layerDescriptor.digest()}")
    }

    def "an upload follows a #kind Location, keeping its query, and PUTs the digest and exact bytes"() {
        given:
        registry.handler = { HttpExchange ex ->
            String path = ex.requestURI.path
            if (path == '/v2/') {
                respond(ex, 200, '{}')
            } else if (ex.requestMethod == 'POST' && path == '/v2/team/app/blobs/uploads/') {
                String loc = location.replace('BASE', registry.url)
                respond(ex, 202, null, ['Location': loc])
            } else if (ex.requestMethod == 'PUT' && path == '/sessions/abc') {
                respond(ex, 201, null, ['Docker-Content-Digest': image.layerDescriptor.digest().toString()])
            } else {
                respond(ex, 404, '{}')
            }
        }

        when:
        ref('team/app:v1').openDestination(PLAIN).putBlob(image.layerDescriptor,
                new VerifyingInputStream(new ByteArrayInputStream(image.layer), image.layerDescriptor))

        then:
        def put = registry.seen('/sessions/abc').find { it.method == 'PUT' }
        put.query.startsWith('_state=xyz&digest=')
        URLDecoder.decode(put.query, 'UTF-8').endsWith("digest=${image.layerDescriptor.digest()}")
        put.body == image.layer
        put.header('Content-Type') == 'application/octet-stream'
        put.header('Content-Length') == image.layer.length.toString()

        where:
        kind       | location
        'relative' | '/sessions/abc?_state=xyz'
        'absolute' | 'BASE/sessions/abc?_state=xyz'
    }

    def "a registry that answers a mount with 202 gets the upload cancelled, and mount says false"() {
        given:
        registry.handler = { HttpExchange ex ->
            String path = ex.requestURI.path
            if (path == '/v2/') {
                respond(ex, 200, '{}')
            } else if (ex.requestMethod == 'POST') {
                respond(ex, 202, null, ['Location': '/sessions/m1'])
            } else {
                respond(ex, 204)
            }
        }

        when:
        boolean mounted = ref('team/app:v1').openDestination(PLAIN).mount(image.layerDescriptor, ref('team/base:v1'))

        then:
        !mounted
        def post = registry.requests.find { it.method == 'POST' }
        URLDecoder.decode(post.query, 'UTF-8') == "mount=${image.layerDescriptor.digest()}&from=team/base".toString()
        registry.requests.any { it.method == 'DELETE' && it.path == '/sessions/m1' }
    }

    def "a manifest is PUT with its own media type and unchanged bytes"() {
        given:
        registry.handler = { HttpExchange ex ->
            if (ex.requestURI.path == '/v2/') {
                respond(ex, 200, '{}')
            } else {
                respond(ex, 201, null, ['Docker-Content-Digest': image.digest.toString()])
            }
        }

        when:
        ref('team/app:v1').openDestination(PLAIN).putManifest(image.manifest)

        then:
        def put = registry.seen('/v2/team/app/manifests/v1')[0]
        put.method == 'PUT'
        put.header('Content-Type') == MediaType.OCI_MANIFEST
        put.body == image.manifest.raw()
    }

    def "a port that spoke plain HTTP and now speaks TLS is reached over https: what a port speaks is not remembered"() {
        given: 'a plain-HTTP registry on a port, reached once, then replaced by a TLS one on the same port'
        def plain = new ScriptedServer('127.0.0.1', false)
        int port = plain.port
        plain.handler = { HttpExchange ex -> respond(ex, 200, '{}') }
        RegistryClient.forRegistry(plain.host, PLAIN).headManifest('team/app', 'v1')
        plain.close()
        def tls = new ScriptedServer('127.0.0.1', true, port)
        String digest = image.manifest.digest().toString()
        tls.handler = { HttpExchange ex ->
            respond(ex, 200, ex.requestURI.path == '/v2/' ? '{}' : null,
                    ['Docker-Content-Digest': digest, 'Content-Length': "${image.manifest.raw().length}".toString()])
        }

        when:
        def answer = RegistryClient.forRegistry(tls.host, PLAIN).headManifest('team/app', 'v1')

        then:
        answer.get().digest().toString() == digest
        tls.requests.any { it.method == 'HEAD' }

        cleanup:
        tls?.close()
    }

    def "manifest HEADs carry the bearer token the registry asked for, fetched once"() {
        given:
        String digest = image.manifest.digest().toString()
        bearerRegistry(registry.url, 'token') { HttpExchange ex ->
            respond(ex, 200, null, ['Docker-Content-Digest': digest, 'Content-Length': "${image.manifest.raw().length}".toString(),
                                    'Content-Type': MediaType.OCI_MANIFEST])
        }
        def client = RegistryClient.forRegistry(registry.host, PLAIN)

        when:
        def answers = (1..3).collect { client.headManifest('team/app', 'v1') }
        def heads = registry.requests.findAll { it.method == 'HEAD' }

        then: 'each answer describes the manifest'
        answers.every { it.get().digest().toString() == digest && it.get().size() == image.manifest.raw().length }

        and: 'three HEADs, each with the token'
        heads.size() == 3
        heads.every { it.header('Authorization') == "Bearer ${token}".toString() && it.header('User-Agent') == 'skiff' }
        registry.seen('/token').size() == 1
    }

    def "a HEAD that meets 503 is sent again as the retry policy says, and then answers"() {
        given:
        String digest = image.manifest.digest().toString()
        int failures = 0
        registry.handler = { HttpExchange ex ->
            if (ex.requestURI.path == '/v2/') {
                respond(ex, 200, '{}')
            } else if (failures++ < 1) {
                respond(ex, 503, null, ['Retry-After': '0'])
            } else {
                respond(ex, 200, null, ['Docker-Content-Digest': digest, 'Content-Length': "${image.manifest.raw().length}".toString()])
            }
        }

        when:
        def answer = RegistryClient.forRegistry(registry.host, PLAIN).headManifest('team/app', 'v1')
        def heads = registry.requests.findAll { it.method == 'HEAD' }

        then:
        answer.get().digest().toString() == digest
        heads*.header('User-Agent') == ['skiff', 'skiff']
    }

    def "503s past the retry policy end in an error that counts the attempts, with the retries hint and no flag"() {
        given:
        registry.handler = { HttpExchange ex ->
            ex.requestURI.path == '/v2/' ? respond(ex, 200, '{}') : respond(ex, 503, '{"errors":[{"code":"UNAVAILABLE"}]}')
        }
        def options = PLAIN.withRetry(dev.skiff.transport.RetryPolicy.of(2, java.time.Duration.ofMillis(10)))

        when:
        RegistryClient.forRegistry(registry.host, options).getManifest('team/app', 'v1')

        then:
        def e = thrown(RegistryException)
        e.message.endsWith('503 UNAVAILABLE; gave up after 3 attempts')
        e.hint() == Hint.RETRIES_EXHAUSTED
        e.subject() == registry.host
        registry.seen('/v2/team/app/manifests/').size() == 3
    }

    def "a GET that meets #status is retried, then succeeds"() {
        given:
        int failures = 0
        registry.handler = { HttpExchange ex ->
            if (ex.requestURI.path == '/v2/') {
                respond(ex, 200, '{}')
            } else if (failures++ < 2) {
                respond(ex, status, '{"errors":[{"code":"TOOMANYREQUESTS"}]}', ['Retry-After': '0'])
            } else {
                respond(ex, 200, image.manifest.raw(), ['Content-Type': MediaType.OCI_MANIFEST])
            }
        }

        expect:
        ref('team/app:v1').openSource(PLAIN).manifest().digest() == image.digest
        registry.seen('/v2/team/app/manifests/v1').size() == 3

        where:
        status << [408, 429, 500, 502, 503, 504]
    }

    def "a registry error keeps its structure: status #status gives codes #codes and retryable #retryable"() {
        given:
        registry.handler = { HttpExchange ex ->
            if (ex.requestURI.path == '/v2/') {
                respond(ex, 200, '{}')
            } else {
                respond(ex, status, body, ['Retry-After': '0'])
            }
        }

        when:
        ref('team/app:v1').openSource(PLAIN).manifest()

        then:
        def e = thrown(RegistryException)
        e.status() == status
        e.codes() == codes
        e.retryable() == retryable
        e.method() == 'GET'
        e.url() == "${registry.url}/v2/team/app/manifests/v1".toString()
        e.message.contains(says)

        where:
        status | body                                                               || codes                                | retryable | says
        500    | '{"errors":[{"code":"UNKNOWN","message":"boom"}]}'                 || ['UNKNOWN']                          | true      | '500 UNKNOWN: boom'
        429    | '{"errors":[{"code":"TOOMANYREQUESTS","message":"slow down"}]}'    || ['TOOMANYREQUESTS']                  | true      | 'rate limited'
        403    | '{"errors":[{"code":"DENIED","message":"no"}]}'                    || ['DENIED']                           | false     | '403 DENIED: no'
        400    | '{"errors":[{"code":"TOOMANYREQUESTS"}]}'                          || ['TOOMANYREQUESTS']                  | true      | '400 TOOMANYREQUESTS'
        400    | 'not json'                                                         || []                                   | false     | 'cannot read manifest team/app:v1'
        404    | '{"errors":[{"code":"MANIFEST_UNKNOWN"},{"code":"NAME_UNKNOWN"}]}' || ['MANIFEST_UNKNOWN', 'NAME_UNKNOWN'] | false     | 'no image team/app:v1 in 127.0.0.1'
    }

    def "URLs in errors lose their query strings: signatures and tokens stay out"() {
        given:
        registry.handler = { HttpExchange ex ->
            if (ex.requestURI.path == '/v2/') {
                respond(ex, 200, '{}')
            } else {
                respond(ex, 307, null, ['Location': "${elsewhere.url}/storage/blob?X-Amz-Signature=sig123&token=${token}".toString()])
            }
        }
        elsewhere.handler = { HttpExchange ex -> respond(ex, 403, '<Error>AccessDenied</Error>') }

        when:
        ref('team/app:v1').openSource(PLAIN).openBlob(image.layerDescriptor)

        then:
        def e = thrown(RegistryException)
        e.status() == 403
        e.url() == "${elsewhere.url}/storage/blob".toString()
        !e.message.contains('sig123')
        !e.message.contains(token)
    }

    def "a manifest larger than 4 MiB is a clear error, whether or not its length is declared"() {
        given:
        byte[] huge = new byte[BoundedRead.MANIFEST_LIMIT + 10]
        Arrays.fill(huge, (byte) 0x20)
        registry.handler = { HttpExchange ex ->
            if (ex.requestURI.path == '/v2/') {
                respond(ex, 200, '{}')
            } else {
                ex.responseHeaders.add('Content-Type', MediaType.OCI_MANIFEST)
                ex.sendResponseHeaders(200, declared ? huge.length : 0)
                ex.responseBody.write(huge)
            }
        }

        when:
        ref('team/app:v1').openSource(PLAIN).manifest()

        then:
        def e = thrown(RegistryException)
        e.message.contains('larger than the limit of 4194304 bytes')

        where:
        declared << [true, false]
    }

    def "a token response larger than 1 MiB is a clear error"() {
        given:
        bearerRegistry(registry.url)
        registry.handler = { HttpExchange ex ->
            if (ex.requestURI.path == '/token') {
                ex.sendResponseHeaders(200, 0)
                ex.responseBody.write(('{"token":"' + 'x' * (BoundedRead.BODY_LIMIT + 10) + '"}').bytes)
            } else {
                respond(ex, 401, '{}', ['WWW-Authenticate': "Bearer realm=\"${registry.url}/token\",service=\"s\"".toString()])
            }
        }

        when:
        ref('team/app:v1').openSource(PLAIN).manifest()

        then:
        def e = thrown(RegistryException)
        e.message.contains('larger than the limit of 1048576 bytes')
    }

    def "a manifest fetched by digest must hash to it"() {
        given:
        registry.handler = { HttpExchange ex ->
            if (ex.requestURI.path == '/v2/') {
                respond(ex, 200, '{}')
            } else {
                respond(ex, 200, new TinyImage().manifest.raw(), ['Content-Type': MediaType.OCI_MANIFEST])
            }
        }

        when:
        ref("team/app@${image.digest}").openSource(PLAIN).manifest()

        then:
        def e = thrown(dev.skiff.SkiffException)
        e.message.contains('does not match its digest')
        e.message.contains(image.digest.toString())
    }

    def "tag pages are followed through relative Link headers"() {
        given:
        registry.handler = { HttpExchange ex ->
            String q = ex.requestURI.query
            if (ex.requestURI.path == '/v2/') {
                respond(ex, 200, '{}')
            } else if (q == null) {
                respond(ex, 200, '{"name":"team/app","tags":["a","b"]}', ['Link': '</v2/team/app/tags/list?last=b&n=2>; rel="next"'])
            } else if (q.contains('last=b')) {
                respond(ex, 200, '{"name":"team/app","tags":["c"]}')
            }
        }

        expect:
        ((RegistrySource) ref('team/app:v1').openSource(PLAIN)).listTags() == ['a', 'b', 'c']
    }

    def "with TLS verification on, an untrusted certificate is a certificate problem, with the hint to trust its CA"() {
        given:
        registry.handler = { HttpExchange ex -> respond(ex, 200, '{}') }

        when:
        ref('team/app:v1').openSource(TransportOptions.defaults()).manifest()

        then:
        def e = thrown(RegistryException)
        e.message.contains('certificate')
        e.hint() == Hint.TLS_UNTRUSTED
        e.subject() == registry.host
        !e.message.contains('--')
        e.status() == 0
        registry.requests.empty
    }

    def "--cert-dir with the registry's CA makes a verified connection"() {
        given:
        registry.handler = { HttpExchange ex ->
            if (ex.requestURI.path == '/v2/') {
                respond(ex, 200, '{}')
            } else {
                respond(ex, 200, image.manifest.raw(), ['Content-Type': MediaType.OCI_MANIFEST])
            }
        }
        def options = new TransportOptions(null, true, ScriptedServer.certDir())

        expect:
        ref('team/app:v1').openSource(options).manifest().digest() == image.digest
        ((RegistrySource) ref('team/app:v1').openSource(options)).client().baseUrl() == "https://${registry.host}/".toString()
    }

    def "without verification a server that never answers a TLS hello falls back to http after the probe timeout"() {
        // The JDK's HttpServer waits forever for a request line, as some plain-HTTP servers do; the
        // client bounds the https probe (10 s, like Go's TLSHandshakeTimeout) and then uses http.
        given:
        sameHost.handler = { HttpExchange ex -> respond(ex, 200, '{}') }
        def client = RegistryClient.forRegistry(sameHost.host, PLAIN)

        when:
        long start = System.nanoTime()
        String base = client.baseUrl()

        then:
        base == "http://${sameHost.host}/".toString()
        (System.nanoTime() - start) / 1e9 < 15
    }
}
