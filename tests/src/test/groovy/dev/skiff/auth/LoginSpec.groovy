package dev.skiff.auth

import dev.skiff.rig.Cli
import dev.skiff.rig.CommandJvm
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.TokenIssuer
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.nio.file.attribute.PosixFilePermissions
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** login and logout against real registries (htpasswd and token auth), files read back by skopeo. */
class LoginSpec extends Specification {
    static final String PASSWORD = 'Pa55-login-xyz'

    @Shared @AutoCleanup RegistryRig basic = RegistryRig.start(user: 'bob', password: PASSWORD)
    @Shared @AutoCleanup TokenIssuer issuer = TokenIssuer.start(users: [bob: PASSWORD], grants: [bob: ['*': ['pull', 'push']]])
    @Shared @AutoCleanup RegistryRig tokens = RegistryRig.start(token: issuer)
    @TempDir Path dir

    /** A clean environment: no auth file of the machine's user is read or written. */
    Map<String, String> env() {
        [HOME: dir.resolve('home').toString(), XDG_RUNTIME_DIR: null, REGISTRY_AUTH_FILE: null, XDG_CONFIG_HOME: null,
         DOCKER_CONFIG: null]
    }

    Cli skiff(Map options = [:], String... args) {
        Cli.exec([env: env() + (options.env ?: [:]), stdin: options.stdin], args)
    }

    Map readJson(Path file) {
        new JsonSlurper().parse(file.toFile()) as Map
    }

    def "login checks the password with the registry, then writes containers' auth.json with mode 0600, keeping other entries"() {
        given:
        def authfile = dir.resolve('auth.json')
        Files.writeString(authfile, '{"auths":{"other.example:5000":{"auth":"eDp5"}},"credHelpers":{"gcr.io":"gcloud"}}')

        when:
        def login = skiff('login', '--tls-verify=false', '--authfile', authfile.toString(), '-u', 'bob', '-p', PASSWORD, registry.host)

        then:
        login.exitCode == 0
        login.out == 'Login Succeeded!\n'
        login.err == ''
        def json = readJson(authfile)
        json.auths[registry.host] == [auth: "bob:${PASSWORD}".bytes.encodeBase64().toString()]
        json.auths['other.example:5000'] == [auth: 'eDp5']
        json.credHelpers == ['gcr.io': 'gcloud']
        PosixFilePermissions.toString(Files.getPosixFilePermissions(authfile)) == 'rw-------'
        Files.readString(authfile).contains('\n\t"auths": {')

        and: 'skopeo uses the saved credentials'
        Tools.skopeo('list-tags', '--tls-verify=false', '--authfile', authfile.toString(), registry.ref('team/login')).contains('"v1"')

        where:
        registry << [basic, tokens]
    }

    def "a wrong password is refused by the registry and nothing is saved"() {
        given:
        def authfile = dir.resolve('auth.json')

        when:
        def login = skiff('login', '--tls-verify=false', '--authfile', authfile.toString(), '-u', 'bob', '-p', 'wrong-Pa55', registry.host)

        then:
        login.exitCode == 1
        login.err == "Error: logging into \"${registry.host}\": invalid username/password\n".toString()
        !Files.exists(authfile)
        !(login.out + login.err).contains('wrong-Pa55')

        where:
        registry << [basic, tokens]
    }

    def "--password-stdin reads the password from a pipe, and the default file is under XDG_RUNTIME_DIR or REGISTRY_AUTH_FILE"() {
        given:
        def runtime = Files.createDirectories(dir.resolve('runtime'))

        when:
        def login = skiff([env: [XDG_RUNTIME_DIR: runtime.toString()], stdin: PASSWORD + '\n'],
                'login', '--tls-verify=false', '-u', 'bob', '--password-stdin', basic.host)

        then:
        login.exitCode == 0
        readJson(runtime.resolve('containers/auth.json')).auths[basic.host].auth == "bob:${PASSWORD}".bytes.encodeBase64().toString()
        PosixFilePermissions.toString(Files.getPosixFilePermissions(runtime.resolve('containers'))) == 'rwx------'

        when:
        def other = dir.resolve('registry-auth.json')
        def viaEnv = skiff([env: [XDG_RUNTIME_DIR: runtime.toString(), REGISTRY_AUTH_FILE: other.toString()], stdin: PASSWORD],
                'login', '--tls-verify=false', '-u', 'bob', '--password-stdin', "${basic.host}/team".toString())

        then:
        viaEnv.exitCode == 0
        readJson(other).auths.keySet() == ["${basic.host}/team".toString()] as Set
    }

    def "login's usage errors and a missing runtime directory are reported in skopeo's words"() {
        expect:
        def r = skiff([env: env, stdin: ''], args as String[])
        r.exitCode == code
        r.err.contains(message)

        where:
        args                                                              | env                                | code | message
        ['login']                                                         | [:]                                | 2    | 'please provide a registry to login to'
        ['login', 'a:1', 'b:2']                                           | [:]                                | 2    | 'login accepts only one registry to login to'
        ['login', '-p', 'x', '--password-stdin', '127.0.0.1:1']           | [:]                                | 2    | "Can't specify both --password-stdin and --password"
        ['login', '--password-stdin', '127.0.0.1:1']                      | [:]                                | 2    | 'Must provide --username with --password-stdin'
        ['login', '-u', 'bob', '127.0.0.1:1']                             | [:]                                | 1    | 'cannot read the password: standard input is not a terminal (pipe it with --password-stdin, or pass --password)'
        ['logout', '127.0.0.1:1']                                         | [XDG_RUNTIME_DIR: '/nonexistent-x'] | 1    | '"/nonexistent-x" directory set by $XDG_RUNTIME_DIR does not exist. Either create the directory or unset $XDG_RUNTIME_DIR.'
        ['logout']                                                        | [:]                                | 2    | 'please provide a registry to logout from'
        ['logout', '--all', '127.0.0.1:1']                                | [:]                                | 2    | '--all takes no arguments'
    }

    def "logout removes one registry's entry, says so, and a second logout says it is not logged in, as skopeo does"() {
        given:
        def authfile = dir.resolve('auth.json')
        def bob = "bob:${PASSWORD}".bytes.encodeBase64().toString()
        Files.writeString(authfile, """{"auths":{"${basic.host}":{"auth":"${bob}"},"${tokens.host}":{"auth":"${bob}"}}}""")

        when:
        def first = skiff('logout', '--authfile', authfile.toString(), basic.host)
        def second = skiff('logout', '--authfile', authfile.toString(), basic.host)
        def bySkopeo = new ProcessBuilder('skopeo', 'logout', '--authfile', authfile.toString(), basic.host).redirectErrorStream(true).start()
        def skopeoText = bySkopeo.inputStream.text
        bySkopeo.waitFor()

        then:
        first.exitCode == 0
        first.out == "Removed login credentials for ${basic.host}\n".toString()
        readJson(authfile).auths.keySet() == [tokens.host] as Set
        PosixFilePermissions.toString(Files.getPosixFilePermissions(authfile)) == 'rw-------'
        second.exitCode == 1
        second.err == "Error: not logged into ${basic.host}\n".toString()
        skopeoText.contains("not logged into ${basic.host}")

        when:
        def all = skiff('logout', '--authfile', authfile.toString(), '--all')

        then:
        all.exitCode == 0
        all.out == 'Removed login credentials for all registries\n'
        readJson(authfile).auths == [:]
    }

    def "what skopeo login saved, Skiff uses; and login with saved valid credentials says it is already logged in"() {
        given:
        def authfile = dir.resolve('auth.json')
        Tools.skopeo('login', '--tls-verify=false', '--authfile', authfile.toString(), '-u', 'bob', '-p', PASSWORD, basic.host)

        when:
        def tags = skiff('list-tags', '--tls-verify=false', '--authfile', authfile.toString(), basic.ref('team/login'))
        def again = skiff('login', '--tls-verify=false', '--authfile', authfile.toString(), basic.host)

        then:
        tags.exitCode == 0
        tags.out.contains('"v1"')
        again.exitCode == 0
        again.out == "Authenticating with existing credentials for ${basic.host}\nExisting credentials are valid. Already logged in to ${basic.host}\n".toString()

        when:
        def who = skiff('login', '--get-login', '--authfile', authfile.toString(), basic.host)

        then:
        who.out == 'bob\n'
    }

    def setupSpec() {
        [basic, tokens].each { r ->
            Images.single(r.ref('team/login:v1'), [layers: 1, options: dev.skiff.transport.TransportOptions.defaults()
                    .withTlsVerify(false).withCredentials(new Credentials('bob', PASSWORD))])
        }
    }

    def "on a terminal login prompts for the username and, without echo, for the password"() {
        given: 'login run on a pseudo-terminal by script(1), answering each prompt once it appears'
        def authfile = dir.resolve('auth.json')
        Path run = dir.resolve('run.sh')
        Files.writeString(run, "#!/bin/sh\nexec ${CommandJvm.shell()}" +
                " login --tls-verify=false --authfile '${authfile}' ${basic.host}\n")
        run.toFile().setExecutable(true)
        def process = new ProcessBuilder('script', '-qfec', run.toString(), '/dev/null').redirectErrorStream(true).start()
        def screen = new StringBuffer()
        def reader = Thread.start {
            def input = process.inputStream
            int c
            while ((c = input.read()) >= 0) {
                screen.append((char) c)
            }
        }

        when:
        waitFor(screen, 'Username: ')
        process.outputStream.write('bob\r'.bytes)
        process.outputStream.flush()
        waitFor(screen, 'Password: ')
        process.outputStream.write((PASSWORD + '\r').bytes)
        process.outputStream.flush()
        process.waitFor(60, java.util.concurrent.TimeUnit.SECONDS)
        reader.join(5000)
        String shown = screen.toString()

        then:
        process.exitValue() == 0
        shown.contains('Username: bob')
        shown.contains('Login Succeeded!')
        !shown.contains(PASSWORD)
        readJson(authfile).auths[basic.host].auth == "bob:${PASSWORD}".bytes.encodeBase64().toString()
    }

    static void waitFor(StringBuffer screen, String text) {
        long deadline = System.currentTimeMillis() + 30_000
        while (!screen.toString().contains(text)) {
            assert System.currentTimeMillis() < deadline: "no \"${text}\" on the terminal; it shows: ${screen}"
            Thread.sleep(50)
        }
    }
}
