package dev.skiff.registry

import dev.skiff.auth.Credentials
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.transport.TransportOptions
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * containers-registries.conf(5) read as skopeo 1.9.3 reads it, side by side with skopeo: both tools
 * run with a HOME of the spec's own, whose .config/containers/registries.conf marks registries
 * insecure, blocks them, rewrites a prefix to a location and gives it mirrors; real docker-registry
 * instances serve the primary and the mirror.
 */
class RegistriesConfSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig primary = RegistryRig.start()

    @Shared
    @AutoCleanup
    RegistryRig mirror = RegistryRig.start()

    @TempDir
    Path home

    @TempDir
    Path work

    void registriesConf(String toml) {
        def dir = home.resolve('.config/containers')
        Files.createDirectories(dir)
        Files.writeString(dir.resolve('registries.conf'), toml)
    }

    Cli skiff(String... args) {
        Cli.exec([env: [HOME: home.toString()]], args)
    }

    /** skopeo with the same HOME; [exit, stdout, stderr]. */
    List skopeo(String... args) {
        Tools.skopeoWith([HOME: home.toString()], args)
    }

    def "a registry marked insecure is reached over plain HTTP without --tls-verify=false, as skopeo reaches it; --tls-verify=true given still refuses it"() {
        given:
        def image = Images.single(primary.ref('team/app:v1'), [layers: 1])
        def ref = primary.ref('team/app:v1')

        when: 'no registries.conf'
        def before = skiff('inspect', '--format', '{{.Digest}}', ref)

        then:
        before.exitCode == 1
        before.err.contains('pass --tls-verify=false')

        when:
        registriesConf("[[registry]]\nlocation = \"${primary.host}\"\ninsecure = true\n")
        def inspect = skiff('inspect', '--format', '{{.Digest}}', ref)
        def copy = skiff('copy', '-q', ref, "oci:${work}/pulled:v1")
        def push = skiff('copy', '-q', "oci:${work}/pulled:v1", primary.ref('team/pushed:v1'))
        def strict = skiff('inspect', '--tls-verify=true', ref)

        then:
        inspect.exitCode == 0
        inspect.out == "${image.digest()}\n".toString()
        inspect.out == skopeo('inspect', '--format', '{{.Digest}}', ref)[1]
        copy.exitCode == 0
        push.exitCode == 0
        skopeo('inspect', '--format', '{{.Digest}}', primary.ref('team/pushed:v1'))[1] == inspect.out
        strict.exitCode == 1
        skopeo('inspect', '--tls-verify=true', ref)[0] == 1
    }

    def "a prefix's mirror serves a pull first and its location when the mirror lacks the image, the image keeping its name, as with skopeo"() {
        given:
        def atMirror = Images.single(mirror.ref('cache/app:v1'), [layers: 1])
        Images.single(primary.ref('team/app:v1'), [layers: 1])
        def onlyAtLocation = Images.single(primary.ref('team/app:v2'), [layers: 1])
        registriesConf("""
[[registry]]
prefix = "example.invalid/lib"
location = "${primary.host}/team"
insecure = true

[[registry.mirror]]
location = "${mirror.host}/cache"
insecure = true
""")

        when:
        def v1 = skiff('inspect', '--no-tags', '--format', '{{.Name}} {{.Digest}}', 'docker://example.invalid/lib/app:v1')
        def v2 = skiff('inspect', '--no-tags', '--format', '{{.Name}} {{.Digest}}', 'docker://example.invalid/lib/app:v2')
        def copy = skiff('copy', '-q', 'docker://example.invalid/lib/app:v1', "oci:${work}/from-mirror:v1")

        then:
        v1.exitCode == 0
        v1.out == "example.invalid/lib/app ${atMirror.digest()}\n".toString()
        v1.out == skopeo('inspect', '--no-tags', '--format', '{{.Name}} {{.Digest}}', 'docker://example.invalid/lib/app:v1')[1]
        v2.exitCode == 0
        v2.out == "example.invalid/lib/app ${onlyAtLocation.digest()}\n".toString()
        v2.out == skopeo('inspect', '--no-tags', '--format', '{{.Name}} {{.Digest}}', 'docker://example.invalid/lib/app:v2')[1]
        copy.exitCode == 0
        skiff('inspect', '--format', '{{.Digest}}', "oci:${work}/from-mirror:v1").out == "${atMirror.digest()}\n".toString()
    }

    def "mirror-by-digest-only: a tag goes to the location, a digest to the mirror first, as with skopeo"() {
        given:
        def atMirror = Images.single(mirror.ref('cache/pinned:v1'), [layers: 1])
        def atLocation = Images.single(primary.ref('team/pinned:v1'), [layers: 1])
        registriesConf("""
[[registry]]
prefix = "example.invalid/lib"
location = "${primary.host}/team"
insecure = true
mirror-by-digest-only = true

[[registry.mirror]]
location = "${mirror.host}/cache"
insecure = true
""")

        when:
        def byTag = skiff('inspect', '--no-tags', '--format', '{{.Digest}}', 'docker://example.invalid/lib/pinned:v1')
        def byDigest = skiff('inspect', '--no-tags', '--raw', "docker://example.invalid/lib/pinned@${atMirror.digest()}")

        then:
        byTag.out == "${atLocation.digest()}\n".toString()
        byTag.out == skopeo('inspect', '--no-tags', '--format', '{{.Digest}}', 'docker://example.invalid/lib/pinned:v1')[1]
        byDigest.exitCode == 0
        byDigest.out == new String(atMirror.raw(), 'UTF-8')
    }

    def "a blocked registry is refused before any request, naming the file, where skopeo refuses it too; a mirror of a prefix located there still serves it"() {
        given:
        def atMirror = Images.single(mirror.ref('cache/app:v1'), [layers: 1])
        Images.single(primary.ref('team/blocked:v1'), [layers: 1])
        Images.single("oci:${work}/src:v1", [layers: 1])
        registriesConf("""
[[registry]]
location = "${primary.host}"
blocked = true

[[registry]]
prefix = "example.invalid/lib"
location = "${primary.host}/team"

[[registry.mirror]]
location = "${mirror.host}/cache"
insecure = true
""")
        def conf = home.resolve('.config/containers/registries.conf')

        when:
        def blocked = skiff('inspect', '--tls-verify=false', primary.ref('team/blocked:v1'))
        def push = skiff('copy', '--dest-tls-verify=false', "oci:${work}/src:v1", primary.ref('team/blocked:v2'))
        def viaMirror = skiff('inspect', '--no-tags', '--format', '{{.Digest}}', 'docker://example.invalid/lib/app:v1')

        then:
        blocked.exitCode == 1
        blocked.err.startsWith("Error: ${primary.host}/team/blocked is blocked by registry \"${primary.host}\" in ${conf}".toString())
        skopeo('inspect', '--tls-verify=false', primary.ref('team/blocked:v1'))[0] == 1
        push.exitCode == 1
        push.err.contains("${primary.host}/team/blocked is blocked")
        viaMirror.exitCode == 0
        viaMirror.out == "${atMirror.digest()}\n".toString()
        viaMirror.out == skopeo('inspect', '--no-tags', '--format', '{{.Digest}}', 'docker://example.invalid/lib/app:v1')[1]
    }

    def "credentials given for the registry named are not sent to its mirror on another host"() {
        given: 'a registry that needs a login, and a mirror that asks for one and records what it is sent'
        def secured = RegistryRig.start(user: 'bob', password: 'Mirror-pa55')
        def bob = TransportOptions.defaults().withTlsVerify(false).withCredentials(new Credentials('bob', 'Mirror-pa55'))
        def image = Images.single(secured.ref('team/app:v1'), [layers: 1, options: bob])
        def spy = new WireServer()
        spy.answer = { WireServer.Request r ->
            [bytes: WireServer.wire(r.headers.authorization ? WireServer.NOT_FOUND
                    : 'HTTP/1.1 401 Unauthorized\r\nWWW-Authenticate: Basic realm="spy"\r\nContent-Length: 0\r\n\r\n')]
        }
        registriesConf("""
[[registry]]
location = "${secured.host}"
insecure = true

[[registry.mirror]]
location = "${spy.host}/cache"
insecure = true
""")

        when:
        def run = skiff('inspect', '--no-tags', '--creds', 'bob:Mirror-pa55', '--format', '{{.Digest}}', secured.ref('team/app:v1'))
        def asked = spy.requests.size()
        def (skopeoExit, skopeoOut) = skopeo('inspect', '--no-tags', '--creds', 'bob:Mirror-pa55', '--format', '{{.Digest}}', secured.ref('team/app:v1'))

        then: 'the mirror was asked first, never with the credentials; the registry named answered with them'
        run.exitCode == 0
        run.out == "${image.digest()}\n".toString()
        asked > 0
        spy.requests.take(asked).every { !it.headers.authorization }

        and: 'skopeo reads the same image the same way (skopeo 1.9.3 does send the credentials to the mirror; later containers/image does not)'
        skopeoExit == 0
        skopeoOut == run.out
        spy.requests.size() > asked

        cleanup:
        spy?.close()
        secured?.close()
    }

    def "login to a registry marked insecure needs no --tls-verify=false, as with skopeo login"() {
        given:
        def secured = RegistryRig.start(user: 'bob', password: 'Login-pa55')
        registriesConf("[[registry]]\nlocation = \"${secured.host}\"\ninsecure = true\n")
        def authfile = work.resolve('auth.json')

        when:
        def run = skiff('login', '--authfile', authfile.toString(), '-u', 'bob', '-p', 'Login-pa55', secured.host)
        def (skopeoExit, skopeoOut) = skopeo('login', '--authfile', work.resolve('skopeo-auth.json').toString(),
                '-u', 'bob', '-p', 'Login-pa55', secured.host)

        then:
        run.exitCode == 0
        run.out == 'Login Succeeded!\n'
        skopeoExit == 0
        skopeoOut == run.out

        cleanup:
        secured?.close()
    }

    def "a registries.conf skopeo refuses is an error naming the file: #what"() {
        given:
        registriesConf(toml)

        when:
        def run = skiff('inspect', '--tls-verify=false', primary.ref('team/app:v1'))

        then:
        run.exitCode == 1
        run.err.startsWith("Error: registries.conf ${home.resolve('.config/containers/registries.conf')} ${says}".toString())
        skopeo('inspect', '--tls-verify=false', primary.ref('team/app:v1'))[0] == 1

        where:
        what                                  | toml                                              | says
        'not TOML'                            | '[[registry]\nlocation = "x"\n'                   | 'is not valid TOML'
        'a prefix without a location'         | '[[registry]]\nprefix = "example.invalid/x"\n'    | 'has a [[registry]] "example.invalid/x" with no location'
    }
}
