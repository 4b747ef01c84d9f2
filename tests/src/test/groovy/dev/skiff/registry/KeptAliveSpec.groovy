package dev.skiff.registry

import dev.skiff.auth.Credentials
import dev.skiff.model.MediaType
import dev.skiff.transport.TransportOptions
import spock.lang.AutoCleanup
import spock.lang.Specification

import static dev.skiff.registry.WireServer.wire

/**
 * Manifest HEADs, the /v2/ ping and tag lists on Skiff's own kept-alive sockets, against answers
 * written byte by byte: what is taken, when a connection is given up, when OkHttp takes over, and
 * that close() lets go of them.
 */
class KeptAliveSpec extends Specification {
    static final TransportOptions PLAIN = TransportOptions.defaults().withTlsVerify(false)
    static final String DIGEST = 'sha256:' + 'ab' * 32

    @AutoCleanup
    WireServer server = new WireServer()

    static String found(String eol = '\r\n', String digestName = 'Docker-Content-Digest') {
        "HTTP/1.1 200 OK${eol}Content-Type: ${MediaType.OCI_MANIFEST}${eol}${digestName}: ${DIGEST}${eol}Content-Length: 345${eol}${eol}"
    }

    def "an answer with #how is read: digest, size and media type"() {
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
        'bare LF line ends'          | found('\n')
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
        'a body sent after a HEAD answer'          | found() + '{"schemaVersion":2}'               | false
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

    def "#what goes the full way through OkHttp, which gets the answer"() {
        given:
        server.answer = { r ->
            r.path == '/v2/' ? [bytes: wire(WireServer.PING_OK)]
                    : r.headers['user-agent'] == 'skiff' ? [bytes: wire(answer), close: true] : [bytes: wire(found()), close: true]
        }

        when:
        def d = RegistryClient.forRegistry(server.host, PLAIN).headManifest('team/app', 'v1').get()

        then:
        d.digest().toString() == DIGEST
        server.scripted*.headers*.get('user-agent').collect { it.startsWith('okhttp') ? 'okhttp' : it } == ['skiff', 'okhttp']

        where:
        what                          | answer
        'a header over 64 KiB'        | "HTTP/1.1 200 OK\r\nX-Big: ${'x' * 70_000}\r\n\r\n"
        'a status line that is not HTTP/1.x' | "ICY 200 OK\r\n\r\n"
        'a 500'                       | "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
    }

    def "close() lets go of the kept-alive connection, and the client still works afterwards"() {
        given:
        server.answer = { r -> [bytes: wire(r.path == '/v2/' ? WireServer.PING_OK : found())] }
        def client = RegistryClient.forRegistry(server.host, PLAIN)
        client.headManifest('team/app', 'v1')
        int kept = server.scripted.last().connection

        when:
        client.close()

        then: 'the server sees the connection end'
        server.clientClosed(kept)

        and: 'a later HEAD opens a new one'
        client.headManifest('team/app', 'v1').get().digest().toString() == DIGEST
        server.scripted.last().connection != kept
    }

    static String json(String body, String extra = '') {
        "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n${extra}Content-Length: ${body.getBytes('UTF-8').length}\r\n\r\n${body}"
    }

    def "a plain-HTTP registry is pinged and its tags listed on one socket of Skiff's own, with no OkHttp request"() {
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
        def list = server.requests.find { it.path == '/v2/team/app/tags/list' }
        list.headers['authorization'] == 'Basic ' + 'ann:s3cret'.bytes.encodeBase64().toString()
        list.headers['user-agent'] == 'skiff'
    }

    def "a tag list that is #what goes the full way through OkHttp, which reads it"() {
        given:
        server.answer = { r ->
            if (r.path == '/v2/') {
                return [bytes: wire(WireServer.PING_OK)]
            }
            if (r.headers['user-agent'] == 'skiff') {
                return [bytes: wire(answer), close: true]
            }
            [bytes: wire(json('{"name":"team/app","tags":["v1","v2"]}')), close: true]
        }

        when:
        def tags = RegistryClient.forRegistry(server.host, PLAIN).listTags('team/app')

        then:
        tags == ['v1', 'v2']
        server.scripted*.headers*.get('user-agent').collect { it.startsWith('okhttp') ? 'okhttp' : it } == ['skiff', 'okhttp']

        where:
        what                     | answer
        'chunked'                | "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n\r\n10\r\n{\"tags\":[\"v1\"]}\r\n0\r\n\r\n"
        'of unknown length'      | "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\n\r\n{\"tags\":[\"v1\"]}"
        'cut short'              | "HTTP/1.1 200 OK\r\nContent-Length: 100\r\n\r\n{\"tags\":"
        'a 500'                  | "HTTP/1.1 500 Internal Server Error\r\nContent-Length: 0\r\n\r\n"
    }

    def "a tag list with a next page is followed through OkHttp from the first page"() {
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

    def "a ping that is not 200 or 401 is sent again through OkHttp, which reports it"() {
        given:
        server.answer = { r -> [bytes: wire("HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\n\r\n")] }

        when:
        RegistryClient.forRegistry(server.host, PLAIN).ping()

        then:
        def e = thrown(RegistryException)
        e.message.contains('does not answer as a registry')
        server.requests*.headers*.get('user-agent').collect { it.startsWith('okhttp') ? 'okhttp' : it } == ['skiff', 'okhttp']
    }
}
