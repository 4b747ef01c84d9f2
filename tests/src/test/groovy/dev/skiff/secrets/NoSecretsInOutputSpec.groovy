package dev.skiff.secrets

import dev.skiff.auth.Credentials
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.TokenIssuer
import dev.skiff.transport.TransportOptions
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Every command, succeeding and failing, against a Basic (htpasswd) registry and a token registry:
 * stdout and stderr (with --debug request lines and SKIFF_DEBUG=1 stack traces) never hold the password, a wrong password
 * that was tried, base64 of user:password, or any bearer token the token service handed out.
 */
class NoSecretsInOutputSpec extends Specification {
    static final String PASSWORD = 'S3cr3t-Pw-Zq81'
    static final String WRONG = 'Wr0ng-Pw-Kx27'

    @Shared @AutoCleanup TokenIssuer issuer = TokenIssuer.start(users: [bob: PASSWORD], grants: [bob: ['*': ['*'], 'catalog': ['*']]])
    @Shared @AutoCleanup RegistryRig tokens = RegistryRig.start(token: issuer)
    @Shared @AutoCleanup RegistryRig basic = RegistryRig.start(user: 'bob', password: PASSWORD)
    @Shared @TempDir Path dir

    def setupSpec() {
        def bob = TransportOptions.defaults().withTlsVerify(false).withCredentials(new Credentials('bob', PASSWORD))
        [tokens, basic].each {
            Images.single(it.ref('team/app:v1'), [layers: 1, options: bob])
            Images.single(it.ref('team/app:doomed'), [layers: 1, options: bob])
        }
        Images.single("oci:${dir}/layout:v1", [layers: 1])
    }

    List<String> secrets() {
        ['bob:' + PASSWORD, 'bob:' + WRONG].collect { it.bytes.encodeBase64().toString() } + [PASSWORD, WRONG] + issuer.issued
    }

    def "#command leaks nothing (#registryName, expected exit #exit)"() {
        given:
        RegistryRig registry = registryName == 'token' ? tokens : basic
        Path authfile = dir.resolve("auth-${registryName}.json")
        // --debug prints every request line to stderr: it is scanned too (logout talks to no registry)
        List<String> withDebug = args[0] == 'logout' ? args : [args[0], '--debug'] + args.drop(1)
        List<String> argv = withDebug.collect {
            it.replace('HOST', registry.host).replace('AUTHFILE', authfile.toString()).replace('DIR', dir.toString())
                    .replace('PASSWORD', PASSWORD).replace('WRONG', WRONG)
        }

        when:
        def r = Cli.exec([env: [SKIFF_DEBUG: '1', HOME: dir.resolve('home').toString(), XDG_RUNTIME_DIR: null,
                                REGISTRY_AUTH_FILE: authfile.toString()], stdin: stdin?.replace('PASSWORD', PASSWORD)], argv as String[])
        String all = r.out + r.err

        then:
        r.exitCode == exit
        secrets().every { !all.contains(it) }
        args[0] == 'logout' || '--get-login' in args || r.err.contains('DEBUG ')
        !issuer.issued.isEmpty() || registryName == 'basic'

        where:
        [registryName, command, args, stdin, exit] << ['token', 'basic'].collectMany { name ->
            [
                ['login -p', ['login', '--tls-verify=false', '-u', 'bob', '-p', 'PASSWORD', 'HOST'], null, 0],
                ['login --password-stdin', ['login', '--tls-verify=false', '-u', 'bob', '--password-stdin', 'HOST'], 'PASSWORD\n', 0],
                ['login (wrong)', ['login', '--tls-verify=false', '-u', 'bob', '-p', 'WRONG', 'HOST'], null, 1],
                ['login (saved)', ['login', '--tls-verify=false', 'HOST'], null, 0],
                ['login --get-login', ['login', '--get-login', 'HOST'], null, 0],
                ['copy (push, auth file)', ['copy', '--dest-tls-verify=false', 'oci:DIR/layout:v1', 'docker://HOST/team/app:pushed'], null, 0],
                ['copy (pull, --src-creds)', ['copy', '--src-tls-verify=false', '--src-creds', 'bob:PASSWORD', 'docker://HOST/team/app:v1', "oci:DIR/out-${name}:v1"], null, 0],
                ['copy (wrong)', ['copy', '--dest-tls-verify=false', '--dest-creds', 'bob:WRONG', 'oci:DIR/layout:v1', 'docker://HOST/team/app:x'], null, 1],
                ['inspect', ['inspect', '--tls-verify=false', '--username', 'bob', '--password', 'PASSWORD', 'docker://HOST/team/app:v1'], null, 0],
                ['inspect --raw (missing)', ['inspect', '--raw', '--tls-verify=false', 'docker://HOST/team/app:missing'], null, 1],
                ['inspect (wrong)', ['inspect', '--tls-verify=false', '--creds', 'bob:WRONG', 'docker://HOST/team/app:v1'], null, 1],
                ['list-tags', ['list-tags', '--tls-verify=false', 'docker://HOST/team/app'], null, 0],
                ['list-tags (wrong)', ['list-tags', '--tls-verify=false', '--creds', 'bob:WRONG', 'docker://HOST/team/app'], null, 1],
                ['catalog', ['catalog', '--tls-verify=false', 'HOST'], null, 0],
                ['catalog (wrong)', ['catalog', '--tls-verify=false', '--creds', 'bob:WRONG', 'HOST'], null, 1],
                ['delete', ['delete', '--tls-verify=false', 'docker://HOST/team/app:doomed'], null, 0],
                ['delete (missing)', ['delete', '--tls-verify=false', 'docker://HOST/team/app:doomed'], null, 1],
                ['delete (wrong)', ['delete', '--tls-verify=false', '--creds', 'bob:WRONG', 'docker://HOST/team/app:v1'], null, 1],
                ['logout', ['logout', 'HOST'], null, 0],
                ['logout (not logged in)', ['logout', 'HOST'], null, 1],
                ['inspect (logged out, --no-creds)', ['inspect', '--tls-verify=false', '--no-creds', 'docker://HOST/team/app:v1'], null, 1],
            ].collect { [name] + it }
        }
    }
}
