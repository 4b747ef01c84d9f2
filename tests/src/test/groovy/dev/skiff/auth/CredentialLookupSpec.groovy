package dev.skiff.auth

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.transport.TransportOptions
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Where credentials come from, as skopeo and docker users keep them: flags, auth files in
 * containers' order, host/namespace entries, docker's credential helpers; and only when asked.
 */
class CredentialLookupSpec extends Specification {
    static final String PASSWORD = 'Lookup-pa55-q9'

    @Shared @AutoCleanup RegistryRig secured = RegistryRig.start(user: 'bob', password: PASSWORD)
    @Shared @AutoCleanup RegistryRig open = RegistryRig.start()
    @TempDir Path dir

    def setupSpec() {
        def bob = TransportOptions.defaults().withTlsVerify(false).withCredentials(new Credentials('bob', PASSWORD))
        Images.single(secured.ref('team/app:v1'), [layers: 1, options: bob])
        Images.single(secured.ref('other/app:v1'), [layers: 1, options: bob])
        Images.single(open.ref('pub/app:v1'), [layers: 1])
    }

    Path home() { dir.resolve('home') }

    Map<String, String> env(Map extra = [:]) {
        [HOME: home().toString(), XDG_RUNTIME_DIR: null, REGISTRY_AUTH_FILE: null, XDG_CONFIG_HOME: null, DOCKER_CONFIG: null,
         PATH: "${dir.resolve('bin')}:${System.getenv('PATH')}".toString()] + extra
    }

    static String auth(String user, String password) {
        "${user}:${password}".bytes.encodeBase64().toString()
    }

    Path write(Path file, String json) {
        Files.createDirectories(file.parent)
        Files.writeString(file, json)
    }

    Cli tags(Map extra = [:], String repository = 'team/app', String... flags) {
        Cli.exec([env: env(extra)], (['list-tags', '--tls-verify=false'] + flags.toList() + [secured.ref(repository)]) as String[])
    }

    /** docker-credential-skifftest: answers for the secured registry, logs every server asked for. */
    void helper(String user = 'bob', String password = PASSWORD) {
        Path script = dir.resolve('bin/docker-credential-skifftest')
        Files.createDirectories(script.parent)
        Files.writeString(script, """\
            #!/bin/sh
            [ "\$1" = get ] || exit 2
            server=\$(cat)
            echo "\$server" >> ${dir.resolve('helper.log')}
            if [ "\$server" = "${secured.host}" ]; then
              printf '{"ServerURL":"%s","Username":"${user}","Secret":"${password}"}' "\$server"
            else
              echo "credentials not found in native keychain"; exit 1
            fi
            """.stripIndent())
        Files.setPosixFilePermissions(script, PosixFilePermissions.fromString('rwx------'))
    }

    List<String> helperCalls() {
        Path log = dir.resolve('helper.log')
        Files.exists(log) ? Files.readAllLines(log) : []
    }

    def "each standard file is found on its own: #file"() {
        given: 'paths relative to the spec directory (home is home/)'
        write(dir.resolve(file), """{"auths":{"${secured.host}":{"auth":"${auth('bob', PASSWORD)}"}}}""")
        Map extra = variable ? [(variable): dir.resolve(value).toString()] : [:]

        expect:
        tags(extra).exitCode == 0

        where:
        file                                | variable             | value
        'env-auth.json'                     | 'REGISTRY_AUTH_FILE' | 'env-auth.json'
        'run/containers/auth.json'          | 'XDG_RUNTIME_DIR'    | 'run'
        'home/.config/containers/auth.json' | null                 | null
        'cfg/containers/auth.json'          | 'XDG_CONFIG_HOME'    | 'cfg'
        'home/.docker/config.json'          | null                 | null
        'dockercfg/config.json'             | 'DOCKER_CONFIG'      | 'dockercfg'
    }

    def "the first file in containers' order that has an entry wins"() {
        given:
        Path primary = write(dir.resolve('primary.json'), """{"auths":{"${secured.host}":{"auth":"${auth('bob', primaryPassword)}"}}}""")
        write(home().resolve('.config/containers/auth.json'), """{"auths":{"${secured.host}":{"auth":"${auth('bob', configPassword)}"}}}""")
        write(home().resolve('.docker/config.json'), """{"auths":{"${secured.host}":{"auth":"${auth('bob', PASSWORD)}"}}}""")

        expect:
        tags([:], 'team/app', '--authfile', primary.toString()).exitCode == exit

        where:
        primaryPassword | configPassword | exit
        PASSWORD        | 'wrong-1'      | 0
        'wrong-2'       | PASSWORD       | 1
    }

    def "entries by host/namespace: the longest matching key wins, the host entry covers the rest"() {
        given:
        Path file = write(dir.resolve('auth.json'), """{"auths":{
            "${secured.host}": {"auth": "${auth('bob', 'host-level-wrong')}"},
            "${secured.host}/team": {"auth": "${auth('bob', PASSWORD)}"},
            "${secured.host}/team/app/deeper": {"auth": "${auth('bob', 'deeper-wrong')}"}}}""")

        expect:
        tags([:], 'team/app', '--authfile', file.toString()).exitCode == 0
        tags([:], 'other/app', '--authfile', file.toString()).err.contains('rejected the credentials for user bob')
    }

    def "docker's legacy Docker Hub key and scheme-prefixed keys name the same registry"() {
        given:
        Path file = write(dir.resolve('config.json'), """{"auths":{
            "https://index.docker.io/v1/": {"auth": "${auth('hubuser', 'hub-pass')}"},
            "http://${secured.host}/v2/": {"auth": "${auth('bob', PASSWORD)}"}}}""")

        expect:
        AuthFile.read(file).find('docker.io', 'library/nginx').get() == new Credentials('hubuser', 'hub-pass')
        AuthFile.read(file).find(secured.host, 'team/app').get() == new Credentials('bob', PASSWORD)
        !AuthFile.read(file).find('quay.io', 'team/app').present
    }

    def "credHelpers and credsStore run docker-credential-NAME get with the server on stdin"() {
        given:
        helper()
        Path file = write(dir.resolve('auth.json'), json.replace('HOST', secured.host))

        when:
        def r = tags([:], 'team/app', '--authfile', file.toString())

        then:
        r.exitCode == 0
        helperCalls() == [secured.host]

        where:
        json << ['{"credHelpers":{"HOST":"skifftest"}}', '{"credsStore":"skifftest"}',
                 '{"auths":{"HOST":{}},"credsStore":"skifftest"}']
    }

    def "a helper that is not installed is named, with what to do"() {
        given:
        Path file = write(dir.resolve('auth.json'), """{"credHelpers":{"${secured.host}":"nosuchhelper"}}""")

        when:
        def r = tags([:], 'team/app', '--authfile', file.toString())

        then:
        r.exitCode == 1
        r.err.contains("cannot run credential helper docker-credential-nosuchhelper (configured in ${file} for ${secured.host})")
        r.err.contains('install it on PATH or remove it from that file')
    }

    def "credentials are looked up only when a registry asks: an anonymous pull reads no file and runs no helper"() {
        given:
        helper()
        write(dir.resolve('auth.json'), '{"credsStore":"skifftest"}')
        write(home().resolve('.docker/config.json'), 'this is not JSON')

        when:
        def pull = Cli.exec([env: env(REGISTRY_AUTH_FILE: dir.resolve('auth.json').toString())],
                'copy', '--src-tls-verify=false', open.ref('pub/app:v1'), "oci:${dir}/out:v1")
        def secure = tags([REGISTRY_AUTH_FILE: dir.resolve('auth.json').toString()])

        then:
        pull.exitCode == 0
        secure.exitCode == 0
        helperCalls() == [secured.host]
    }

    def "--no-creds ignores every auth file; --username/--password and --creds are used as given"() {
        given:
        write(home().resolve('.docker/config.json'), """{"auths":{"${secured.host}":{"auth":"${auth('bob', PASSWORD)}"}}}""")

        expect:
        tags([:], 'team/app').exitCode == 0
        tags([:], 'team/app', '--no-creds').err.contains("authentication required by ${secured.host} for team/app")
        tags([:], 'team/app', '--username', 'bob', '--password', PASSWORD).exitCode == 0
        tags([:], 'team/app', '--creds', 'bob:wrong-3').err.contains('rejected the credentials for user bob')
    }

    def "copy takes --authfile for both sides and --src-authfile/--dest-authfile for one"() {
        given:
        Path good = write(dir.resolve('good.json'), """{"auths":{"${secured.host}":{"auth":"${auth('bob', PASSWORD)}"}}}""")
        Path bad = write(dir.resolve('bad.json'), """{"auths":{"${secured.host}":{"auth":"${auth('bob', 'wrong-4')}"}}}""")

        expect:
        copy('--authfile', good.toString()).exitCode == 0
        copy('--authfile', bad.toString(), '--src-authfile', good.toString(), '--dest-authfile', good.toString()).exitCode == 0
        copy('--authfile', good.toString(), '--dest-authfile', bad.toString()).err.contains('rejected the credentials')
    }

    Cli copy(String... flags) {
        Cli.exec([env: env()], (['copy', '--src-tls-verify=false', '--dest-tls-verify=false'] + flags.toList()
                + [secured.ref('team/app:v1'), secured.ref('team/copy:v1')]) as String[])
    }

    def "flags that cannot go together are refused in skopeo's words (exit 2)"() {
        expect:
        def r = Cli.exec([env: env()], (['inspect'] + flags + ['docker://127.0.0.1:1/x:y']) as String[])
        r.exitCode == 2
        r.err.contains(message)

        where:
        flags                                        | message
        ['--creds', 'a:b', '--no-creds']             | 'creds and no-creds cannot be specified at the same time'
        ['--creds', 'a:b', '--username', 'a']        | 'creds and username cannot be specified at the same time'
        ['--username', 'a']                          | 'password must be specified when username is specified'
        ['--password', 'b']                          | 'username must be specified when password is specified'
        ['--username', 'a', '--password', 'b', '--no-creds'] | 'username and no-creds cannot be specified at the same time'
    }
}
