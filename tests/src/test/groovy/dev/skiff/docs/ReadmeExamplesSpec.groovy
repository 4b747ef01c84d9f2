package dev.skiff.docs

import dev.skiff.dsl.Mirror
import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.RegistryRig
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import javax.tools.ToolProvider
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The README's examples, as written there: the block that starts the tour's docker-registry (asking
 * for a login) and the tour of the commands, in bash -e ({@code ./jbang} is this build's command line,
 * 127.0.0.1:5000 a free port), the Java example compiled with javac against the library and run,
 * the mirror plan compiled by the DSL, and every {@code ./jbang X} it names checked against the catalog.
 */
class ReadmeExamplesSpec extends Specification {
    @TempDir
    Path work

    /** ./jbang as this build: mirror goes to the DSL's command, everything else to the command line. */
    void launcher(Path dir) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def launcher = dir.resolve('jbang')
        Files.writeString(launcher, """\
            #!/bin/sh
            command=\$1; shift
            if [ "\$command" = mirror ]; then main=dev.skiff.dsl.MirrorCommand; else main=dev.skiff.cli.SkiffCli; set -- "\$command" "\$@"; fi
            exec '${java}' ${Cli.JVM_OPTIONS.join(' ')} -cp '${System.getProperty('java.class.path')}' "\$main" "\$@"
        """.stripIndent())
        launcher.toFile().setExecutable(true)
    }

    def "the tour's registry starts from the README's lines and asks for a login; the tour then runs as written against it"() {
        given: "the README's registry on a free port instead of 5000, in the work directory"
        def host = "127.0.0.1:${RegistryRig.freePort()}".toString()
        launcher(work)
        def setup = Docs.block('README.md', 'tour-registry')
        def tour = Docs.block('README.md', 'readme-tour')
        def auth = work.resolve('tour/auth.json')
        def asBob = { String command, String... args ->
            Cli.exec([env: [REGISTRY_AUTH_FILE: work.resolve('bob.json').toString()]], command, '--creds', 'bob:s3cret', *args)
        }
        // The lines are the ones the README shows: login first, logout last.
        assert setup.contains('http: {addr: 127.0.0.1:5000}')
        assert tour.contains("printf '%s' s3cret | ./jbang login --tls-verify=false -u bob --password-stdin 127.0.0.1:5000")
        assert tour.readLines().findAll { it.contains('./jbang ') }.last() == './jbang logout 127.0.0.1:5000'

        when: 'the registry block runs, and the registry answers'
        assert bash(setup.replace('127.0.0.1:5000', host)).exit == 0
        registryPid = Files.readString(work.resolve('tour/registry.pid')).trim() as long
        waitForRegistry(host)
        def anonymous = Cli.exec([env: [REGISTRY_AUTH_FILE: work.resolve('none.json').toString()]],
                'list-tags', '--tls-verify=false', "docker://${host}/team/app")

        then: 'it refuses an anonymous client'
        anonymous.exitCode == 1
        anonymous.err.contains('authentication required')

        when: 'the tour runs'
        def run = bash(tour.replace('127.0.0.1:5000', host))
        def out = run.out

        then: 'every line succeeded'
        run.exit == 0
        out.contains('Login Succeeded!')
        out.contains("\"Name\": \"${host}/team/app\"")
        out.contains('"Tags": [')
        out.readLines().contains('team/app')
        out.contains("Verified: oci:./tour/out:v1 holds what docker://${host}/team/app:v1 holds")
        out.contains('Intact: oci:./tour/out:v1')
        out.readLines().contains(digestOf(work.resolve('tour/manifest.json')))
        out.findAll(/Sync done: 1 copied/).size() == 3
        out.contains('Wrote tour/have.json')

        and: 'the plan mirrored into backup/, the delete removed the synced copy, and logout emptied the tour auth file'
        asBob('inspect', '--tls-verify=false', "docker://${host}/backup/team/app:v1").exitCode == 0
        asBob('inspect', '--tls-verify=false', "docker://${host}/team/app:v1").exitCode == 0
        asBob('inspect', '--tls-verify=false', "docker://${host}/site/team/app:v1").exitCode == 1
        !Files.exists(auth) || !(new JsonSlurper().parse(auth.toFile()).auths ?: [:]).containsKey(host)

        cleanup: 'as the README says to stop it'
        if (registryPid) {
            bash("kill ${registryPid}")
            ProcessHandle.of(registryPid).ifPresent { it.onExit().get(10, java.util.concurrent.TimeUnit.SECONDS) }
        }
    }

    long registryPid

    Map bash(String script) {
        def p = new ProcessBuilder('bash', '-e', '-c', script).directory(work.toFile()).redirectErrorStream(true).start()
        def out = p.inputStream.getText('UTF-8')
        [exit: p.waitFor(), out: out]
    }

    static void waitForRegistry(String host) {
        long deadline = System.nanoTime() + 20_000_000_000L
        while (true) {
            try {
                def c = (HttpURLConnection) new URL("http://${host}/v2/").openConnection()
                c.connectTimeout = 500
                if (c.responseCode == 401) {
                    return
                }
            } catch (IOException e) {
                if (System.nanoTime() > deadline) {
                    throw new AssertionError("the tour's registry did not answer on ${host}", e)
                }
            }
            if (System.nanoTime() > deadline) {
                throw new AssertionError("the tour's registry on ${host} did not ask for a login")
            }
            Thread.sleep(100)
        }
    }

    def "the Java example compiles with javac against the library, copies every platform into a registry and verifies it"() {
        given: 'a registry, a two-platform image in a layout, and the README file as CopyExample.java'
        def registry = RegistryRig.start()
        assert Cli.runIn(work, 'sample-image', '--platform', 'linux/amd64,linux/arm64', 'oci:./layout:v1').exitCode == 0
        def source = work.resolve('src')
        Files.createDirectories(source)
        def file = source.resolve('CopyExample.java')
        Files.writeString(file, Docs.block('README.md', 'copy-example'))
        def classes = work.resolve('classes')
        Files.createDirectories(classes)

        when: 'compiled as javac compiles it, then run in a JVM of its own'
        def errors = new ByteArrayOutputStream()
        int compiled = ToolProvider.systemJavaCompiler.run(null, errors, errors,
                '-d', classes.toString(), '-cp', System.getProperty('java.class.path'), file.toString())
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def p = new ProcessBuilder(java, '-cp', "${classes}${File.pathSeparator}${System.getProperty('java.class.path')}".toString(),
                'CopyExample', 'oci:./layout:v1', registry.ref('team/copy:v1'))
                .directory(work.toFile()).redirectErrorStream(true).start()
        def out = p.inputStream.getText('UTF-8')
        def exit = p.waitFor()

        then:
        compiled == 0
        errors.toString().isEmpty()
        exit == 0
        out.readLines().last() == 'verified'
        out.contains('copied 6 blobs, 0 already there: sha256:')
        Cli.runIn(work, 'verify', '--all', '--dest-tls-verify=false', 'oci:./layout:v1', registry.ref('team/copy:v1')).exitCode == 0

        cleanup:
        registry?.stop()
    }

    def "the mirror plan in brief compiles into the plan it describes"() {
        when:
        def plans = Mirror.plan(Docs.block('README.md', 'readme-plan'))

        then:
        plans.size() == 1
        with(plans[0]) {
            sources()*.repository() == ['docker.io/library/nginx:alpine', 'docker.io/library/redis', 'docker.io/library/postgres']
            sources()[2].tags().toString().contains('^16\\.\\d+-alpine$')
            destination().location() == 'registry.internal:5000'
            platforms()*.toString() == ['linux/amd64', 'linux/arm64']
            rename().apply('library/nginx') == 'mirror/library/nginx'
        }
    }

    def "every ./jbang command the README names is an alias of jbang-catalog.json, with its script there"() {
        given:
        def aliases = new JsonSlurper().parse(Docs.ROOT.resolve('jbang-catalog.json').toFile()).aliases as Map
        def named = (Docs.text('README.md') =~ /\.\/jbang ([a-z][a-z-]*)/).collect { it[1] }.unique()

        expect:
        named.containsAll(['mirror', 'login', 'sample-image', 'copy', 'inspect', 'list-tags', 'catalog', 'verify',
            'manifest-digest', 'sync', 'inventory', 'delete', 'logout'])
        named.findAll { !aliases.containsKey(it) } == []
        named.findAll { !Files.isRegularFile(Docs.ROOT.resolve(aliases[it].'script-ref' as String)) } == []
    }

    def "the two commands for a fresh machine are the README's, and the quickstart's output is git-ignored"() {
        given:
        def readme = Docs.text('README.md')

        expect:
        readme.contains('## Main job: a mirror plan, offline\n\n```sh\n./jbang mirror examples/quickstart.groovy\n```\n')
        readme.contains('```sh\nmvn -B test\n```\n')
        Files.readString(Docs.ROOT.resolve('.gitignore')).readLines().containsAll(['/mirror/', '/tour/'])
        Files.readString(Docs.ROOT.resolve('examples/quickstart.groovy')).contains("to oci('./mirror')")
    }

    static String digestOf(Path file) {
        'sha256:' + java.security.MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(file)).encodeHex().toString()
    }
}
