package dev.skiff.auth

import dev.skiff.registry.RegistryException
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.TokenIssuer
import dev.skiff.transport.TransportOptions
import dev.skiff.transport.Transports
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

import java.nio.file.Path

/**
 * Bearer tokens against a real docker-registry ({@code auth: token:}) whose tokens come from a token
 * service in this JVM that checks Basic credentials and signs RS256 JWTs the registry verifies
 * against its rootcertbundle.
 */
class TokenAuthSpec extends Specification {
    @Shared @AutoCleanup TokenIssuer issuer = TokenIssuer.start(
            users: [bob: 'bob-pass-7Hq', eve: 'eve-pass-3Zx'],
            grants: [bob: ['team/*': ['pull', 'push'], 'base/*': ['pull'], 'catalog': ['*']],
                     eve: ['team/*': ['pull']]])
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
}
