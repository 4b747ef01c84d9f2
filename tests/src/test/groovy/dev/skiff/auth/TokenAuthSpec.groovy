package dev.skiff.auth

import dev.skiff.registry.RegistryClient
import dev.skiff.registry.RegistryException
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.TokenIssuer
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Bearer tokens against a real docker-registry ({@code auth: token:}) whose tokens come from a token
 * service in this JVM that checks Basic credentials and signs RS256 JWTs the registry verifies
 * against its rootcertbundle.
 */
class TokenAuthSpec extends Specification {
    @Shared @AutoCleanup TokenIssuer issuer = TokenIssuer.start(
            users: [bob: 'bob-pass-7Hq', eve: 'eve-pass-3Zx', root: 'root-pass-9Kd'],
            grants: [bob: ['team/*': ['pull', 'push'], 'base/*': ['pull']],
                     eve: ['team/*': ['pull']],
                     root: ['*': ['*'], 'catalog': ['*']]])
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start(token: issuer)
    @TempDir Path dir

    TransportOptions as(String user, String password) {
        TransportOptions.defaults().withTlsVerify(false).withCredentials(new Credentials(user, password))
    }

    def setup() {
        issuer.requests.clear()
        issuer.answerWith = 'token'
        issuer.expiredTokens = 0
    }

    def "a push and a pull with bob's credentials get tokens scoped to the repository and its actions"() {
        given:
        def image = Images.single("oci:${dir}/layout:v1")

        when:
        def push = Cli.run('copy', '--dest-tls-verify=false', '--dest-creds', 'bob:bob-pass-7Hq', "oci:${dir}/layout:v1", registry.ref('team/app:v1'))

        then:
        push.exitCode == 0
        def pushTokens = issuer.requestsFor(['repository:team/app:pull,push'])
        pushTokens.size() == 1
        pushTokens[0].user == 'bob'
        pushTokens[0].service == TokenIssuer.SERVICE

        when: 'a pull of the manifest, config and two layers, in a new process'
        issuer.requests.clear()
        def pull = Cli.run('copy', '--src-tls-verify=false', '--src-creds', 'bob:bob-pass-7Hq', registry.ref('team/app:v1'), "oci:${dir}/out:v1")

        then:
        pull.exitCode == 0
        issuer.requests*.scopes == [['repository:team/app:pull']]
        Transports.parse("oci:${dir}/out:v1").openSource(TransportOptions.defaults()).manifest().digest() == image.digest()
    }

    def "the token service may answer with access_token (OAuth2) instead of token"() {
        given:
        Images.single(registry.ref('team/oauth:v1'), [layers: 1, options: as('root', 'root-pass-9Kd')])
        issuer.requests.clear()
        issuer.answerWith = 'access_token'

        when:
        def inspect = Cli.run('inspect', '--tls-verify=false', '--creds', 'eve:eve-pass-3Zx', '--format', '{{.Name}}', registry.ref('team/oauth:v1'))

        then:
        inspect.exitCode == 0
        inspect.out.trim() == "${registry.host}/team/oauth".toString()
        issuer.requests.every { it.user == 'eve' }
    }

    def "a token the registry no longer accepts is fetched again once, and only once"() {
        given:
        def image = Images.single(registry.ref('team/aged:v1'), [layers: 1, options: as('root', 'root-pass-9Kd')])
        issuer.requests.clear()
        def client = new RegistryClient(registry.host, new Credentials('bob', 'bob-pass-7Hq'), false, null)

        when: 'the first token handed out has already expired'
        issuer.expiredTokens = 1
        def manifest = client.getManifest('team/aged', 'v1')

        then:
        manifest.digest() == image.digest()
        issuer.requestsFor(['repository:team/aged:pull']).size() == 2

        when: 'the next calls use the cached fresh token'
        client.getManifest('team/aged', 'v1')
        client.listTags('team/aged')

        then:
        issuer.requestsFor(['repository:team/aged:pull']).size() == 2

        when: 'a fresh client gets two expired tokens in a row'
        issuer.expiredTokens = 2
        new RegistryClient(registry.host, new Credentials('bob', 'bob-pass-7Hq'), false, null).getManifest('team/aged', 'v1')

        then: 'it gives up after one refresh instead of looping'
        def e = thrown(RegistryException)
        e.status() == 401
        issuer.requestsFor(['repository:team/aged:pull']).size() == 4
    }

    def "a cross-repository mount asks for pull on the source repository as well as pull,push on the destination"() {
        given:
        Images.single(registry.ref('base/os:v1'), [layers: 2, options: as('root', 'root-pass-9Kd')])
        issuer.requests.clear()

        when:
        def copy = Cli.run('copy', '--src-tls-verify=false', '--dest-tls-verify=false', '--src-creds', 'bob:bob-pass-7Hq',
                '--dest-creds', 'bob:bob-pass-7Hq', registry.ref('base/os:v1'), registry.ref('team/app:on-os'))

        then:
        copy.exitCode == 0
        copy.out.contains('3 mounted')
        issuer.requestsFor(['repository:team/app:pull,push', 'repository:base/os:pull']).size() == 1
        issuer.requests.every { it.user == 'bob' && !it.refused }
    }

    def "wrong passwords and missing rights are told apart, without the password"() {
        given:
        Images.single("oci:${dir}/layout:v1")

        when:
        def wrong = Cli.run('inspect', '--tls-verify=false', '--creds', 'bob:not-bobs-pass', registry.ref('team/app:v1'))
        def denied = Cli.run('copy', '--dest-tls-verify=false', '--dest-creds', 'eve:eve-pass-3Zx', "oci:${dir}/layout:v1", registry.ref('team/eve:v1'))
        def anonymous = Cli.run('inspect', '--tls-verify=false', '--no-creds', registry.ref('team/app:v1'))

        then:
        wrong.exitCode == 1
        wrong.err.contains("${registry.host} rejected the credentials for user bob")
        !(wrong.out + wrong.err).contains('not-bobs-pass')
        denied.exitCode == 1
        !(denied.out + denied.err).contains('eve-pass-3Zx')
        anonymous.exitCode == 1
        anonymous.err.contains("authentication required by ${registry.host} for team/app")
    }

    def "catalog asks for registry:catalog:* and delete for the delete action; a user without them is refused"() {
        given:
        def image = Images.single(registry.ref('team/gone:v1'), [layers: 1, options: as('root', 'root-pass-9Kd')])
        issuer.requests.clear()

        when:
        def catalog = Cli.run('catalog', '--tls-verify=false', '--creds', 'root:root-pass-9Kd', registry.host)
        def bobCatalog = Cli.run('catalog', '--tls-verify=false', '--creds', 'bob:bob-pass-7Hq', registry.host)
        def bobDelete = Cli.run('delete', '--tls-verify=false', '--creds', 'bob:bob-pass-7Hq', registry.ref('team/gone:v1'))
        def rootDelete = Cli.run('delete', '--tls-verify=false', '--creds', 'root:root-pass-9Kd', registry.ref('team/gone:v1'))

        then:
        catalog.exitCode == 0
        catalog.out.readLines().contains('team/gone')
        issuer.requestsFor(['registry:catalog:*'])*.user == ['root', 'bob', 'bob']     // bob's refused token is renewed once
        bobCatalog.exitCode == 1
        bobCatalog.err.startsWith("Error: ${registry.host} did not grant user bob access to the registry (401 UNAUTHORIZED")
        bobCatalog.err.contains('the token service accepted the credentials but gave no such right')
        bobDelete.exitCode == 1
        bobDelete.err.startsWith("Error: ${registry.host} did not grant user bob access to team/gone (401 UNAUTHORIZED")
        issuer.requestsFor(['repository:team/gone:delete'])*.user.toSet() == ['bob', 'root'] as Set
        rootDelete.exitCode == 0
        Cli.run('inspect', '--tls-verify=false', '--creds', 'root:root-pass-9Kd', registry.ref("team/gone@${image.digest()}")).err
                .contains("no image team/gone@${image.digest()}")
    }
}
