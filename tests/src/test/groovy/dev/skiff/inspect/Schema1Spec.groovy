package dev.skiff.inspect

import static dev.skiff.registry.ScriptedServer.respond

import com.sun.net.httpserver.HttpExchange
import dev.skiff.model.MediaType
import dev.skiff.registry.ScriptedServer
import dev.skiff.rig.Cli
import dev.skiff.rig.Tools
import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A registry that still serves a Docker schema 1 manifest (today's registries refuse to store
 * one, so a scripted server plays it): inspect prints what skopeo prints, copy refuses clearly.
 */
class Schema1Spec extends Specification {
    static final String BASE = 'a' * 64
    static final String TOP = 'b' * 64

    @Shared
    @AutoCleanup
    ScriptedServer server = new ScriptedServer('127.0.0.1', true)  // HTTPS: a plain server makes clients wait out their TLS probe

    @TempDir
    Path dir

    @Shared
    byte[] manifest = JsonOutput.prettyPrint(JsonOutput.toJson([
            schemaVersion: 1, name: 'legacy/app', tag: 'v1', architecture: 'amd64',
            fsLayers     : [[blobSum: 'sha256:' + '1' * 64], [blobSum: 'sha256:' + '2' * 64], [blobSum: 'sha256:' + '3' * 64]],
            history      : [
                    [v1Compatibility: JsonOutput.toJson([id: TOP, parent: 'c' * 64, created: '2016-03-04T05:06:07.800Z',
                                                         docker_version: '1.9.1', architecture: 'amd64', os: 'linux',
                                                         config: [Env: ['PATH=/bin'], Labels: [maintainer: 'ops', a: 'b']]])],
                    [v1Compatibility: JsonOutput.toJson([id: 'c' * 64, parent: BASE, created: '2016-03-04T05:06:07Z', throwaway: true])],
                    [v1Compatibility: JsonOutput.toJson([id: BASE, created: '2016-03-04T05:06:06Z'])]]])).getBytes('UTF-8')

    def setupSpec() {
        server.handler = { HttpExchange ex ->
            String path = ex.requestURI.path
            if (path == '/v2/') {
                respond(ex, 200, '{}')
            } else if (path == '/v2/legacy/app/manifests/v1') {
                respond(ex, 200, manifest, ['Content-Type': MediaType.DOCKER_SCHEMA1])
            } else if (path == '/v2/legacy/app/tags/list') {
                respond(ex, 200, '{"name":"legacy/app","tags":["v1"]}', ['Content-Type': 'application/json'])
            } else {
                respond(ex, 404, '{"errors":[{"code":"NOT_FOUND"}]}')
            }
        }
    }

    String getRef() { "docker://${server.host}/legacy/app:v1" }

    def "inspect of a schema 1 image prints what skopeo prints (LayersData aside)"() {
        when:
        def ours = Cli.run('inspect', '--tls-verify=false', ref)

        then:
        ours.exitCode == 0
        InspectParitySpec.withoutLayersData(ours.out) == Tools.skopeo('inspect', '--tls-verify=false', ref)
        ours.out.contains('"Size": -1')
    }

    def "inspect --raw prints the schema 1 bytes; --config says there is no config blob"() {
        when:
        def config = Cli.run('inspect', '--config', '--tls-verify=false', ref)

        then:
        Cli.run('inspect', '--raw', '--tls-verify=false', ref).outBytes() == manifest
        config.exitCode == 1
        config.err.contains('schema 1 image, which has no config blob')
    }

    def "copying a schema 1 image is a clear error that says to ask for a newer format, and nothing is written"() {
        when:
        def copy = Cli.run('copy', '--src-tls-verify=false', ref, "oci:${dir}/out:v1")

        then:
        copy.exitCode == 1
        copy.err.contains('schema 1')
        copy.err.contains('ask the registry for a newer format')
        !Files.exists(dir.resolve('out/index.json'))
    }
}
