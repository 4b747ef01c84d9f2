package dev.skiff.flags

import dev.skiff.rig.Cli
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.TokenIssuer
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The per-side reach flags only some transports use: --registry-token (a bearer token sent as is,
 * against a real docker-registry with token auth), --shared-blob-dir (OCI layouts whose blobs live
 * in one directory, as skopeo lays it out) and --daemon-host (docker-daemon:'s socket).
 */
class ReachFlagsSpec extends Specification {
    @Shared @AutoCleanup TokenIssuer issuer = TokenIssuer.start(
            users: [bob: 'bob-pass-7Hq'], grants: [bob: ['team/*': ['pull', 'push']]])
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start(token: issuer)
    @TempDir Path dir

    /** A token for bob from the token service, as a CI system would hand one over. */
    String token(String scope) {
        def url = new URL("${issuer.realm}?service=${TokenIssuer.SERVICE}&scope=${URLEncoder.encode(scope, 'UTF-8')}")
        def conn = (HttpURLConnection) url.openConnection()
        conn.setRequestProperty('Authorization', 'Basic ' + 'bob:bob-pass-7Hq'.bytes.encodeBase64().toString())
        new JsonSlurper().parseText(conn.inputStream.getText('UTF-8')).token
    }

    def "--dest-registry-token and --registry-token are sent as the bearer token: no token service is asked, and the image arrives"() {
        given:
        assert Cli.run('sample-image', "oci:${dir}/src:v1").exitCode == 0
        def pushToken = token('repository:team/app:pull,push')
        issuer.requests.clear()

        when:
        def push = Cli.run('copy', '--dest-tls-verify=false', '--dest-registry-token', pushToken,
                "oci:${dir}/src:v1", registry.ref('team/app:v1'))
        def inspect = Cli.run('inspect', '--tls-verify=false', '--registry-token', pushToken, '--format', '{{.Digest}}',
                registry.ref('team/app:v1'))
        def tags = Cli.run('list-tags', '--tls-verify=false', '--registry-token', pushToken, registry.ref('team/app'))
        def pull = Cli.run('copy', '--src-tls-verify=false', '--src-registry-token', pushToken,
                registry.ref('team/app:v1'), "oci:${dir}/back:v1")

        then:
        push.exitCode == 0
        inspect.exitCode == 0
        inspect.out.trim().startsWith('sha256:')
        tags.exitCode == 0
        tags.out.contains('"v1"')
        pull.exitCode == 0
        issuer.requests.isEmpty()
        !(push.err + push.out + inspect.err).contains(pushToken)
    }

    def "sync takes --src-registry-token and --dest-registry-token too"() {
        given:
        assert Cli.run('sample-image', "oci:${dir}/src:v1").exitCode == 0
        def t = token('repository:team/synced:pull,push')
        assert Cli.run('copy', '--dest-tls-verify=false', '--dest-registry-token', t, "oci:${dir}/src:v1", registry.ref('team/synced:v1')).exitCode == 0

        when:
        def run = Cli.run('sync', '--src', 'docker', '--dest', 'dir', '--src-tls-verify=false', '--src-registry-token', t,
                registry.ref('team/synced').substring('docker://'.length()), dir.resolve('out').toString())

        then:
        run.exitCode == 0
        run.out.contains('1 copied')
    }

    def "a token the registry refuses fails with exit 1, and the token is never printed"() {
        given:
        def bad = token('repository:other/thing:pull') // valid signature, no grant for team/app

        when:
        def run = Cli.run('inspect', '--tls-verify=false', '--registry-token', bad, registry.ref('team/app:v1'))

        then:
        run.exitCode == 1
        !(run.err + run.out).contains(bad)
    }

    def "--dest-shared-blob-dir keeps the blobs of several layouts in one directory; skopeo reads it with --src-shared-blob-dir, and Skiff reads skopeo's"() {
        given:
        assert Cli.run('sample-image', "oci:${dir}/src:v1").exitCode == 0
        def shared = Files.createDirectories(dir.resolve('shared'))

        when:
        def one = Cli.run('copy', '--dest-shared-blob-dir', shared.toString(), "oci:${dir}/src:v1", "oci:${dir}/one:v1")
        def two = Cli.run('copy', '--dest-shared-blob-dir', shared.toString(), "oci:${dir}/src:v1", "oci:${dir}/two:v1")

        then:
        one.exitCode == 0
        two.exitCode == 0
        two.out.contains('0 blobs copied')
        !Files.exists(dir.resolve('one/blobs/sha256')) || Files.list(dir.resolve('one/blobs/sha256')).count() == 0
        Files.list(shared.resolve('sha256')).count() == 4 // config, two layers, manifest

        when: 'skopeo reads it from the shared directory, and writes its own there'
        def skopeoDigest = Tools.skopeo('inspect', '--shared-blob-dir', shared.toString(), '--format', '{{.Digest}}', "oci:${dir}/one:v1").trim()
        Tools.skopeo('copy', '--src-shared-blob-dir', shared.toString(), '--dest-shared-blob-dir', shared.toString(),
                "oci:${dir}/one:v1", "oci:${dir}/three:v1")
        def skiffDigest = Cli.run('inspect', '--shared-blob-dir', shared.toString(), '--format', '{{.Digest}}', "oci:${dir}/three:v1")

        then:
        skiffDigest.exitCode == 0
        skiffDigest.out.trim() == skopeoDigest
        Cli.run('copy', '--src-shared-blob-dir', shared.toString(), "oci:${dir}/three:v1", "oci:${dir}/own:v1").exitCode == 0
        Cli.run('verify', "oci:${dir}/src:v1", "oci:${dir}/own:v1").exitCode == 0
    }

    def "--daemon-host names docker-daemon:'s socket instead of DOCKER_HOST"() {
        given:
        def socket = dir.resolve('no-daemon.sock')

        when:
        def run = Cli.run('inspect', '--daemon-host', "unix://${socket}".toString(), 'docker-daemon:team/app:v1')
        def copy = Cli.run('copy', '--src-daemon-host', "unix://${socket}".toString(), 'docker-daemon:team/app:v1', "oci:${dir}/x:v1")
        def tcp = Cli.run('inspect', '--daemon-host', 'tcp://127.0.0.1:2375', 'docker-daemon:team/app:v1')

        then:
        run.exitCode == 1
        run.err.contains(socket.toString())
        copy.exitCode == 1
        copy.err.contains(socket.toString())
        tcp.exitCode == 1
        tcp.err.contains('daemon host tcp://127.0.0.1:2375 is not supported')
    }
}
