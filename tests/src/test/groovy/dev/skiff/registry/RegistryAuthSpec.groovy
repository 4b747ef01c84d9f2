package dev.skiff.registry

import dev.skiff.Hint
import dev.skiff.auth.Credentials
import dev.skiff.io.VerifyingInputStream
import dev.skiff.rig.RegistryRig
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import dev.skiff.transport.registry.DockerReference
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification

/** Basic auth (htpasswd) against a real distribution registry. */
class RegistryAuthSpec extends Specification {
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start(user: 'bob', password: 's3cret')
    @Shared TransportOptions insecure = TransportOptions.defaults().withTlsVerify(false)

    DockerReference ref(String repoAndTag) {
        (DockerReference) Transports.parse(registry.ref(repoAndTag))
    }

    static List<String> messageChain(Throwable t) {
        List<String> all = []
        for (Throwable c = t; c != null; c = c.cause) {
            all << c.toString()
        }
        all
    }

    def "with the right credentials an image goes in and comes out"() {
        given:
        def image = new TinyImage()
        def options = insecure.withCredentials(Credentials.parse(registry.creds))

        when:
        image.pushTo(ref('team/app:v1').openDestination(options))
        def source = ref('team/app:v1').openSource(options)

        then:
        source.manifest().digest() == image.digest
        new VerifyingInputStream(source.openBlob(image.layerDescriptor), image.layerDescriptor).withCloseable { it.readAllBytes() } == image.layer
        source.listTags() == ['v1']
    }

    def "without credentials the error says authentication is required, with the hint to give credentials"() {
        when:
        ref('team/app:v1').openSource(insecure).manifest()

        then:
        def e = thrown(RegistryException)
        e.message == "authentication required by ${registry.host} for team/app".toString()
        e.hint() == Hint.CREDENTIALS
        e.subject() == registry.host
        e.status() == 401
        !e.retryable()
    }

    def "wrong credentials are reported as rejected, and the password never appears"() {
        given:
        def options = insecure.withCredentials(Credentials.parse(creds))

        when:
        operation(ref('team/app:v1'), options)

        then:
        def e = thrown(RegistryException)
        e.message.contains("rejected the credentials for user ${user}".toString())
        e.status() == 401
        messageChain(e).every { !it.contains(secret) }
        !e.toString().contains(secret)
        !options.toString().contains(secret)
        !options.credentials().toString().contains(secret)

        where:
        creds            | user    | secret   | operation
        'bob:wrongpass'  | 'bob'   | 'wrongpass' | { r, o -> r.openSource(o).manifest() }
        'eve:s3cret'     | 'eve'   | 's3cret' | { r, o -> r.openSource(o).manifest() }
        'eve:s3cret'     | 'eve'   | 's3cret' | { r, o -> r.openDestination(o).putBlob(new TinyImage().layerDescriptor, new ByteArrayInputStream(new byte[0])) }
        'eve:s3cret'     | 'eve'   | 's3cret' | { r, o -> r.openSource(o).listTags() }
    }

    def "errors from an authenticated session hold no password: creds bob:s3cret on a missing image"() {
        given:
        def options = insecure.withCredentials(Credentials.parse('bob:s3cret'))

        when:
        ref('team/missing:v9').openSource(options).manifest()

        then:
        def e = thrown(RegistryException)
        e.message == "no image team/missing:v9 in ${registry.host}".toString()
        messageChain(e).every { !it.contains('s3cret') }
        !ref('team/missing:v9').openSource(options).toString().contains('s3cret')
        !((dev.skiff.transport.registry.RegistrySource) ref('team/missing:v9').openSource(options)).client().toString().contains('s3cret')
    }
}
