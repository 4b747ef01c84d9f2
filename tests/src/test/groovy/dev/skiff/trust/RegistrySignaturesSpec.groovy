package dev.skiff.trust

import com.sun.net.httpserver.HttpServer
import dev.skiff.rig.Cli
import dev.skiff.rig.Gpg
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Signatures of registry images in a lookaside (registries.d), both ways with skopeo 1.9.3 against
 * a real docker-registry: Skiff signs on push and skopeo accepts under signedBy; skopeo signs and
 * Skiff accepts; bad lookasides are refused with nothing written.
 */
class RegistrySignaturesSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @Shared
    @AutoCleanup
    Gpg gpg = Gpg.create()

    @TempDir
    Path dir

    Path registriesD(String key = 'lookaside', String url = null) {
        def d = dir.resolve('registries.d')
        Files.createDirectories(d)
        Files.writeString(d.resolve('default.yaml'), "default-docker:\n  ${key}: ${url ?: dir.resolve('sigstore').toUri()}\n")
        d
    }

    /** Images under 127.0.0.1:PORT/team must be signed by the test key; anything else is accepted. */
    Path policy() {
        def file = dir.resolve('policy.json')
        Files.writeString(file, JsonOutput.toJson([
                default   : [[type: 'insecureAcceptAnything']],
                transports: [docker: [(registry.host + "/team"): [[type: 'signedBy', keyType: 'GPGKeys', keyPath: gpg.publicKey.toString()]]]]]))
        file
    }

    Path insecure() {
        def file = dir.resolve('insecure.json')
        Files.writeString(file, '{"default":[{"type":"insecureAcceptAnything"}]}')
        file
    }

    Cli skiff(String... args) {
        Cli.exec([env: gpg.env()], args)
    }

    def "Skiff signs on push (#key) and skopeo copy under signedBy accepts the image"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def rd = registriesD(key)

        when:
        def push = skiff('copy', '--dest-tls-verify=false', '--registries.d', rd.toString(), '--sign-by', gpg.fingerprint,
                "oci:${dir}/src:v1", registry.ref('team/app:v1'))

        then:
        push.exitCode == 0
        Files.list(dir.resolve('sigstore/team')).toList()*.fileName*.toString().every { it.startsWith('app@sha256=') }

        when:
        def (code, text) = gpg.tool(['skopeo', '--policy', policy().toString(), '--registries.d', rd.toString(), 'copy',
                '--src-tls-verify=false', registry.ref('team/app:v1'), "dir:${dir}/out"])

        then:
        code == 0
        Files.exists(dir.resolve('out/signature-1'))

        where:
        key << ['lookaside', 'sigstore']
    }

    def "skopeo signs (copy --sign-by) and Skiff accepts the image, before or after the command's flags"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def rd = registriesD()
        gpg.must(['skopeo', '--policy', insecure().toString(), '--registries.d', rd.toString(), 'copy', '--dest-tls-verify=false',
                  '--sign-by', gpg.fingerprint, "oci:${dir}/src:v1", registry.ref('team/skopeo:v1')])

        when:
        def run = Cli.run('--registries.d', rd.toString(), 'copy', '--policy', policy().toString(), '--src-tls-verify=false',
                registry.ref('team/skopeo:v1'), "dir:${dir}/out")

        then:
        run.exitCode == 0
        Files.exists(dir.resolve('out/signature-1'))
    }

    def "an unsigned registry image is refused under signedBy, and the destination is not written"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def rd = registriesD()
        Cli.run('copy', '--dest-tls-verify=false', "oci:${dir}/src:v1", registry.ref('team/unsigned:v1'))

        when:
        def run = Cli.run('copy', '--policy', policy().toString(), '--registries.d', rd.toString(), '--src-tls-verify=false',
                registry.ref('team/unsigned:v1'), "oci:${dir}/out:v1")

        then:
        run.exitCode == 1
        run.err.contains("scope docker \"${registry.host}/team\"")
        run.err.contains('the image has no simple signing signature')
        !Files.exists(dir.resolve('out'))
    }

    def "a lookaside refused: #what"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def pushed = Cli.run('copy', '--dest-tls-verify=false', "oci:${dir}/src:v1", registry.ref('team/bad:v1'))
        assert pushed.exitCode == 0
        def digest = Cli.run('inspect', '--tls-verify=false', '--format', '{{.Digest}}', registry.ref('team/bad:v1')).out.trim()
        def hex = digest.substring('sha256:'.length())
        def rd
        HttpServer server = null
        switch (what) {
            case 'a signature larger than 4 MiB':
                rd = registriesD()
                def sigDir = dir.resolve("sigstore/team/bad@sha256=${hex}")
                Files.createDirectories(sigDir)
                Files.write(sigDir.resolve('signature-1'), new byte[5 * 1024 * 1024])
                break
            case 'a redirect to another host':
                server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
                server.createContext('/') { ex ->
                    ex.responseHeaders.add('Location', "http://localhost:${server.address.port}/elsewhere")
                    ex.sendResponseHeaders(302, -1)
                    ex.close()
                }
                server.start()
                rd = registriesD('lookaside', "http://127.0.0.1:${server.address.port}/sigs")
                break
            default:
                rd = dir.resolve('registries.d')
                Files.createDirectories(rd)
                Files.writeString(rd.resolve('broken.yaml'), 'default-docker:\n  lookaside: [unclosed\n')
        }

        when:
        def run = Cli.run('copy', '--policy', policy().toString(), '--registries.d', rd.toString(), '--src-tls-verify=false',
                registry.ref('team/bad:v1'), "dir:${dir}/out")

        then:
        run.exitCode == 1
        run.err.contains(message)
        run.err.readLines().size() == 1
        !Files.exists(dir.resolve('out'))

        cleanup:
        server?.stop(0)

        where:
        what                             | message
        'a signature larger than 4 MiB'  | 'larger than 4 MiB'
        'a redirect to another host'     | 'redirects to another host'
        'a registries.d file that does not parse' | 'does not parse'
    }

    def "sync --src dir --dest docker carries each image's signature into the registry's lookaside, and skopeo accepts it"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def rd = registriesD()
        Files.createDirectories(dir.resolve('tree'))
        def signed = skiff('copy', '--sign-by', gpg.fingerprint, '--sign-identity', "${registry.host}/team/app:latest",
                "oci:${dir}/src:v1", "dir:${dir}/tree/app")
        assert signed.exitCode == 0

        when:
        def sync = Cli.run('sync', '--registries.d', rd.toString(), '--dest-tls-verify=false', '--src', 'dir', '--dest', 'docker',
                "${dir}/tree".toString(), "${registry.host}/team".toString())
        def (code, text) = gpg.tool(['skopeo', '--policy', policy().toString(), '--registries.d', rd.toString(), 'copy',
                '--src-tls-verify=false', registry.ref('team/app:latest'), "dir:${dir}/out"])

        then:
        sync.exitCode == 0
        code == 0
        Files.readAllBytes(dir.resolve('out/signature-1')) == Files.readAllBytes(dir.resolve('tree/app/signature-1'))
    }

    def "signatures served over http from a per-host scope (the seeds' registries.d form) are read, with no credentials sent"() {
        given: 'an image signed into a file: lookaside, then served over HTTP under /signatures'
        Images.single("oci:${dir}/src:v1")
        def written = registriesD()
        assert skiff('copy', '--dest-tls-verify=false', '--registries.d', written.toString(), '--sign-by', gpg.fingerprint,
                "oci:${dir}/src:v1", registry.ref('team/served:v1')).exitCode == 0
        def authorizations = []
        HttpServer server = HttpServer.create(new InetSocketAddress('127.0.0.1', 0), 0)
        server.createContext('/signatures/') { ex ->
            authorizations << ex.requestHeaders.getFirst('Authorization')
            def file = dir.resolve('sigstore').resolve(ex.requestURI.path.substring('/signatures/'.length()))
            if (Files.isRegularFile(file)) {
                def body = Files.readAllBytes(file)
                ex.sendResponseHeaders(200, body.length)
                ex.responseBody.write(body)
            } else {
                ex.sendResponseHeaders(404, -1)
            }
            ex.close()
        }
        server.start()
        def served = dir.resolve('served.d')
        Files.createDirectories(served)
        Files.writeString(served.resolve('lab.yaml'), "docker:\n  ${registry.host}:\n    sigstore: http://127.0.0.1:${server.address.port}/signatures\n")

        when:
        def run = Cli.run('copy', '--policy', policy().toString(), '--registries.d', served.toString(), '--src-tls-verify=false',
                registry.ref('team/served:v1'), "dir:${dir}/out")

        then:
        run.exitCode == 0
        Files.exists(dir.resolve('out/signature-1'))
        authorizations.size() == 2 // signature-1, then signature-2: 404 ends the list
        authorizations.every { it == null }

        cleanup:
        server?.stop(0)
    }
}
