package dev.skiff.flags

import java.nio.file.Path
import spock.lang.Requires
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The real ./jbang as a person meets it: alone or with --help it lists Skiff's commands (not
 * JBang's help); a mistyped command names the nearest one; skopeo's global flags go before the
 * command name.
 */
class LauncherHelpSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    @TempDir Path work

    Map launch(Map env = [:], String... args) {
        def builder = new ProcessBuilder([ROOT.resolve('jbang').toString()] + args.toList()).directory(work.toFile())
        builder.environment().putAll(env)
        def p = builder.start()
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        p.outputStream.close()
        p.waitForProcessOutput(out, err) // reads both streams to their end, then waits for the exit
        [exit: p.exitValue(), out: out.toString('UTF-8'), err: err.toString('UTF-8')]
    }

    def "./jbang #args lists Skiff's commands, one line each"() {
        when:
        def run = launch(*args)

        then:
        run.exit == 0
        run.out.startsWith('Usage: ./jbang [GLOBAL OPTIONS] COMMAND')
        ['copy', 'inspect', 'sync', 'delete', 'list-tags', 'login', 'logout', 'manifest-digest'].every { c ->
            run.out.readLines().any { it ==~ /^  ${c}\s+\S.*/ }
        }
        run.out.contains('--override-arch ARCH')
        !run.out.toLowerCase().contains('jbang init')

        where:
        args << [[], ['--help'], ['-h']]
    }

    def "a mistyped command names the nearest one and exits 2: #typo"() {
        when:
        def run = launch(typo, 'a', 'b')

        then:
        run.exit == 2
        run.err.trim() == "skiff: unknown command \"${typo}\"; did you mean ${nearest}? (./jbang lists the commands)".toString()

        where:
        typo      | nearest
        'cpy'     | 'copy'
        'inspct'  | 'inspect'
        'lst-tags'| 'list-tags'
    }

    def "global flags with nothing after them, or before something that is not a command, are bad usage"() {
        expect:
        launch('--debug').exit == 2
        launch('--debug').err.contains('no command after the global options')
        launch('--tmpdir', '/tmp', 'nosuch').err.contains('"nosuch" is not a command; global options go before one')
    }

    @Requires({ System.getenv('SKIFF_M2_REPO') })
    def "skopeo's global form through the launcher: ./jbang --debug --override-arch arm64 inspect …"() {
        given:
        def env = [SKIFF_M2_REPO: System.getenv('SKIFF_M2_REPO')]
        assert launch(env, 'sample-image', '--platform', 'linux/amd64,linux/arm64', "oci:${work}/multi:v1").exit == 0

        when:
        def run = launch(env, '--debug', '--override-arch', 'arm64', 'inspect', '--format', '{{.Architecture}}', "oci:${work}/multi:v1")
        def equals = launch(env, '--override-arch=arm64', 'inspect', '--format', '{{.Architecture}}', "oci:${work}/multi:v1")

        then:
        run.exit == 0
        run.out.trim() == 'arm64'
        equals.out.trim() == 'arm64'
    }
}
