package dev.skiff.referrers

import com.sun.net.httpserver.HttpServer
import dev.skiff.name.Digest
import dev.skiff.rig.Images
import dev.skiff.transport.ReferrerDestination
import dev.skiff.transport.ReferrerSource
import dev.skiff.transport.Transports
import groovy.json.JsonOutput
import java.util.concurrent.CopyOnWriteArrayList
import spock.lang.Shared
import spock.lang.Specification

/**
 * A registry that has the referrers API (docker-registry 2.8 has none, so a scripted server on
 * 127.0.0.1 plays one): the list comes from the API, asked with the artifactType filter, and a
 * destination with the API gets no fallback tag written.
 */
class ReferrersApiSpec extends Specification {
    static final String SUBJECT = "sha256:${'a' * 64}"
    static final String SBOM = "sha256:${'b' * 64}"

    @Shared
    List<String> requests = new CopyOnWriteArrayList<>()

    @Shared
    HttpServer server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)

    def setupSpec() {
        server.createContext('/') { exchange ->
            def uri = exchange.requestURI
            requests << "${exchange.requestMethod} ${uri.path}${uri.query == null ? '' : '?' + uri.query}".toString()
            def path = exchange.requestURI.path
            byte[] body = '{}'.bytes
            int status = 404
            String type = 'application/json'
            if (path == '/v2/') {
                status = 200
            } else if (path == "/v2/team/app/referrers/${SUBJECT}") {
                status = 200
                type = 'application/vnd.oci.image.index.v1+json'
                body = JsonOutput.toJson([schemaVersion: 2, mediaType: type, manifests: [
                        [mediaType: Artifacts.OCI_MANIFEST, digest: SBOM, size: 500, artifactType: Artifacts.SBOM_TYPE]]]).bytes
            }
            exchange.responseHeaders.add('Content-Type', type)
            exchange.responseHeaders.add('Docker-Distribution-API-Version', 'registry/2.0')
            exchange.sendResponseHeaders(status, exchange.requestMethod == 'HEAD' ? -1 : body.length)
            if (exchange.requestMethod != 'HEAD') {
                exchange.responseBody.write(body)
            }
            exchange.close()
        }
        server.start()
    }

    def cleanupSpec() {
        server.stop(0)
    }

    def setup() {
        requests.clear()
    }

    String host() {
        "127.0.0.1:${server.address.port}"
    }

    def "the list comes from the referrers API, asked for the one artifact type wanted"() {
        given:
        def source = Transports.parse("docker://${host()}/team/app:v1").openSource(Images.PLAIN_HTTP)

        when:
        def listed = (source as ReferrerSource).referrers(Digest.parse(SUBJECT), [Artifacts.SBOM_TYPE])

        then:
        listed*.digest()*.toString() == [SBOM]
        listed[0].artifactType() == Artifacts.SBOM_TYPE
        requests.contains("GET /v2/team/app/referrers/${SUBJECT}?artifactType=application/spdx+json".toString())
        !requests.any { it.contains("/manifests/sha256-") }

        cleanup:
        source?.close()
    }

    def "a destination with the referrers API gets no fallback tag written"() {
        given:
        def destination = Transports.parse("docker://${host()}/team/app:v1").openDestination(Images.PLAIN_HTTP)

        when:
        (destination as ReferrerDestination).putReferrers(Digest.parse(SUBJECT), [
                dev.skiff.model.Descriptor.of(Artifacts.OCI_MANIFEST, Digest.parse(SBOM), 500)])

        then:
        requests.any { it.startsWith("GET /v2/team/app/referrers/${SUBJECT}") }
        !requests.any { it.startsWith('PUT') }

        cleanup:
        destination?.close()
    }
}
