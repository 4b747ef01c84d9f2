package dev.skiff.registry

import static dev.skiff.registry.WireServer.wire

import dev.skiff.auth.Credentials
import dev.skiff.model.MediaType
import dev.skiff.transport.TransportOptions
import spock.lang.AutoCleanup
import spock.lang.Specification

/**
 * Manifest HEADs, the /v2/ ping and tag lists against answers written byte by byte: a client keeps
 * its connection alive across requests (a no-op sync's hundreds of HEADs stay cheap), lets it go
 * when the server says or does so, and close() releases it.
 */
class ConnectionReuseSpec extends Specification {
    static final TransportOptions PLAIN = TransportOptions.defaults().withTlsVerify(false)
    static final String DIGEST = 'sha256:' + 'ab' * 32

    @AutoCleanup
    WireServer server = new WireServer()

    static String found(String eol = '\r\n', String digestName = 'Docker-Content-Digest') {
        "HTTP/1.1 200 OK${eol}Content-Type: ${MediaType.OCI_MANIFEST}${eol}${digestName}: ${DIGEST}${eol}Content-Length: 345${eol}${eol}"
    }

    static String json(String body, String extra = '') {
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${extra}Content-Length: ${body.getBytes('UTF-8').length}\r\n\r\n${body}"
    }

    def "a HEAD answer with #how is read: digest, size and media type"() {
        given:
        server.answer = { r -> [bytes: wire(r.path == '/v2/' ? WireServer.PING_OK : answer)] }

        when:
        def d = RegistryClient.forRegistry(server.host, PLAIN).headManifest('team/app', 'v1').get()

        then:
        d.digest().toString() == DIGEST
        d.size() == 345
        d.mediaType() == MediaType.OCI_MANIFEST
        server.scripted*.headers*.get('user-agent') == ['skiff']

        where:
        how                          | answer
        'CR LF line ends'            | found()
        'header names in lower case' | found('\r\n', 'docker-content-digest')
    }

    def "404 is an absent image, on the same connection as the next HEAD"() {
        given:
        server.answer = { r -> [bytes: wire(r.path == '/v2/' ? WireServer.PING_OK : r.path.endsWith('/v1') ? found() : WireServer.NOT_FOUND)] }
        def client = RegistryClient.forRegistry(server.host, PLAIN)

        expect:
        client.headManifest('team/app', 'gone').isEmpty()
        client.headManifest('team/app', 'v1').get().digest().toString() == DIGEST
        server.scripted*.connection.unique().size() == 1
    }

    def "a no-op sync's worth of HEADs, with the ping, goes over one connection"() {
        given:
        server.answer = { r -> [bytes: wire(r.path == '/v2/' ? WireServer.PING_OK : found())] }
        def client = RegistryClient.forRegistry(server.host, PLAIN)

        when:
        def answers = (1..200).collect { client.headManifest('team/app', "v${it}") }

        then:
        answers.every { it.get().digest().toString() == DIGEST }
        server.requests.size() == 201
        server.requests*.connection.unique().size() == 1
    }

    def "a connection is not used again after #why, and the next HEAD still answers"() {
        given:
        server.answer = { r -> r.path == '/v2/' ? [bytes: wire(WireServer.PING_OK)] : [bytes: wire(answer), close: close] }
        def client = RegistryClient.forRegistry(server.host, PLAIN)

        when:
        def first = client.headManifest('team/app', 'v1')
        def second = client.headManifest('team/app', 'v1')

        then:
        [first, second].every { it.get().digest().toString() == DIGEST }
        server.scripted.size() == 2
        server.scripted*.connection.unique().size() == 2

        where:
        why                                        | answer                                       | close
        'an answer that says Connection: close'    | found().replace('OK\r\n', 'OK\r\nConnection: close\r\n') | true
        'an HTTP/1.0 answer'                       | found().replace('HTTP/1.1', 'HTTP/1.0')      | true
    }

    def "a kept-alive connection the server closed meanwhile is replaced, and the HEAD is sent once more"() {
        given: 'the server closes each connection after its answer, without saying so'
        server.answer = { r -> r.path == '/v2/' ? [bytes: wire(WireServer.PING_OK)] : [bytes: wire(found()), close: true] }
        def client = RegistryClient.forRegistry(server.host, PLAIN)

        expect:
        (1..3).every { client.headManifest('team/app', 'v1').get().digest().toString() == DIGEST }
        server.scripted*.connection.unique().size() == 3
    }

    def "close() lets go of the kept-alive connection, again without harm, and the client still works afterwards"() {
        given:
        server.answer = { r -> [bytes: wire(r.path == '/v2/' ? WireServer.PING_OK : found())] }
        def client = RegistryClient.forRegistry(server.host, PLAIN)
        client.headManifest('team/app', 'v1')
        int kept = server.scripted.last().connection

        when:
        client.close()
        client.close()

        then: 'the server sees the connection end'
        server.clientClosed(kept)

        and: 'a later HEAD opens a new one'
        client.headManifest('team/app', 'v1').get().digest().toString() == DIGEST
        server.scripted.last().connection != kept
    }

    def "closing one client leaves another client's connection to the same registry alone"() {
        given:
        server.answer = { r -> [bytes: wire(r.path == '/v2/' ? WireServer.PING_OK : found())] }
        def one = RegistryClient.forRegistry(server.host, PLAIN)
        def other = RegistryClient.forRegistry(server.host, PLAIN)
        one.headManifest('team/app', 'v1')
        other.headManifest('team/app', 'v1')
        int kept = server.scripted.last().connection

        when:
        one.close()
        other.headManifest('team/app', 'v1')

        then:
        server.scripted.last().connection == kept
        !server.clientClosed(kept, 0)
    }

    def "a plain-HTTP registry is pinged and its tags listed on one connection"() {
        given:
        server.answer = { r -> [bytes: wire(r.path == '/v2/' ? WireServer.PING_OK : json('{"name":"team/app","tags":["v1","v2","latest"]}'))] }

        when:
        def tags = RegistryClient.forRegistry(server.host, PLAIN).listTags('team/app')

        then:
        tags == ['v1', 'v2', 'latest']
        server.requests*.path == ['/v2/', '/v2/team/app/tags/list']
        server.requests.every { it.headers['user-agent'] == 'skiff' }
        server.requests*.connection.unique().size() == 1
    }

    def "a ping's 401 gives the challenge, and the tag list is asked for with the credentials it wants"() {
        given:
        server.answer = { r ->
            r.path == '/v2/' ? [bytes: wire("HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm=\"test\"\r\nContent-Length: 2\r\n\r\n{}")]
                    : [bytes: wire(json('{"name":"team/app","tags":["v1"]}'))]
        }
        def options = PLAIN.withCredentials(new Credentials('ann', 's3cret'))

        when:
        def tags = RegistryClient.forRegistry(server.host, options).listTags('team/app')

        then:
        tags == ['v1']
        def lists = server.requests.findAll { it.path == '/v2/team/app/tags/list' }
        lists.size() == 1
        lists[0].headers['authorization'] == 'Basic ' + 'ann:s3cret'.bytes.encodeBase64().toString()
    }

    def "a tag list that is #what is read"() {
        given:
        server.answer = { r -> [bytes: wire(r.path == '/v2/' ? WireServer.PING_OK : answer), close: true] }

        when:
        def tags = RegistryClient.forRegistry(server.host, PLAIN).listTags('team/app')

        then:
        tags == ['v1']

        where:
        what                     | answer
        'chunked'                | "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"tags\":[\"v1\"]}\r\n0\r\n\r\n"
        'of unknown length'      | "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"tags\":[\"v1\"]}"
    }

    def "a tag list cut short is asked for again"() {
        given:
        int lists = 0
        server.answer = { r ->
            r.path == '/v2/' ? [bytes: wire(WireServer.PING_OK)]
                    : lists++ == 0 ? [bytes: wire("HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"tags\":"), close: true]
                    : [bytes: wire(json('{"tags":["v1","v2"]}'))]
        }

        expect:
        RegistryClient.forRegistry(server.host, PLAIN.withRetry(dev.skiff.transport.RetryPolicy.of(3, java.time.Duration.ofMillis(10))))
                .listTags('team/app') == ['v1', 'v2']
        lists == 2
    }

    def "a tag list with a next page is followed"() {
        given:
        server.answer = { r ->
            if (r.path == '/v2/') {
                return [bytes: wire(WireServer.PING_OK)]
            }
            boolean second = r.path.contains('last=v2')
            [bytes: wire(second ? json('{"tags":["v3"]}') : json('{"tags":["v1","v2"]}', 'Link: </v2/team/app/tags/list?last=v2>; rel="next"\r\n'))]
        }

        when:
        def tags = RegistryClient.forRegistry(server.host, PLAIN).listTags('team/app')

        then:
        tags == ['v1', 'v2', 'v3']
    }

    def "a next page on another origin is refused, and nothing is asked of it"() {
        given:
        def elsewhere = new WireServer()
        server.answer = { r ->
            [bytes: wire(r.path == '/v2/' ? WireServer.PING_OK
                    : json('{"tags":["v1"]}', "Link: <http://${elsewhere.host}/v2/team/app/tags/list?last=v1>; rel=\"next\"\r\n"))]
        }

        when:
        RegistryClient.forRegistry(server.host, PLAIN).listTags('team/app')

        then:
        def e = thrown(RegistryException)
        e.message.contains('named a next page on another origin')
        elsewhere.requests.empty

        cleanup:
        elsewhere.close()
    }

    def "a ping that is not 200 or 401 is reported"() {
        given:
        server.answer = { r -> [bytes: wire("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")] }

        when:
        RegistryClient.forRegistry(server.host, PLAIN).ping()

        then:
        def e = thrown(RegistryException)
        e.message.contains('does not answer as a registry')
        e.status() == 404
        server.requests.size() == 1
    }
}
