package dev.skiff.flags

import dev.skiff.rig.Cli
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A usage error is at most four lines and exit 2: what is wrong, the nearest flag, command or
 * transport when one is near, and the command's usage line with where its help is.
 */
class UsageErrorSpec extends Specification {
    @TempDir Path dir

    def "#args: exit 2, '#first', then '#hint', in at most four lines"() {
        when:
        def run = Cli.run(args as String[])
        def lines = run.err.readLines()

        then:
        run.exitCode == 2
        lines.size() <= 4
        lines[0].startsWith('Error: ')
        lines[0].contains(first)
        hint == null || lines[1] == hint
        lines[-1].startsWith('Usage: skiff')
        lines[-1].endsWith(help)
        run.out == ''

        where:
        args                                          | first                                   | hint                           | help
        ['copy', '--digestfil', 'x', 'a', 'b']        | "Unknown option"                        | 'Did you mean --digestfile?'   | '(see ./jbang copy --help)'
        ['copy', '--dest-tls-verfy=false', 'a', 'b']  | "Unknown option"                        | 'Did you mean --dest-tls-verify?' | '(see ./jbang copy --help)'
        ['inspect', '--registy-token', 't', 'a']      | "Unknown option"                        | 'Did you mean --registry-token?' | '(see ./jbang inspect --help)'
        ['cpy', 'a', 'b']                             | 'unknown command "cpy"'                 | null                           | '(see ./jbang --help)'
        ['copy', 'ocii:./x', 'oci:./y']               | 'unknown transport "ocii"'              | 'Did you mean oci:?'           | '(see ./jbang copy --help)'
        ['copy', 'oci:./x']                           | 'Missing required parameter'            | null                           | '(see ./jbang copy --help)'
        ['sync', '--src', 'docker', '--dest', 'dir', '--format', 'v3', 'a', 'b'] | 'v3'         | null                           | '(see ./jbang sync --help)'
    }

    def "a mistyped command names the nearest and lists the commands"() {
        when:
        def run = Cli.run('inspcet', 'oci:./x')

        then:
        run.exitCode == 2
        run.err.readLines()[1].startsWith('Did you mean inspect? (commands: ')
        ['copy', 'delete', 'inspect', 'list-tags', 'sync', 'standalone-sign', 'standalone-verify'].every { run.err.readLines()[1].contains(it) }
    }

    def "global flags before the command: --override-arch picks the platform, --tmpdir must exist, --command-timeout stops a command"() {
        given:
        assert Cli.run('sample-image', '--platform', 'linux/amd64,linux/arm64', "oci:${dir}/multi:v1").exitCode == 0

        when:
        def before = Cli.run('--override-arch', 'arm64', 'inspect', '--format', '{{.Architecture}}', "oci:${dir}/multi:v1")
        def after = Cli.run('inspect', '--override-arch', 'arm64', '--format', '{{.Architecture}}', "oci:${dir}/multi:v1")
        def debug = Cli.run('--debug', '--tmpdir', dir.toString(), 'copy', "oci:${dir}/multi:v1", "oci:${dir}/one:v1")
        def noTmp = Cli.run('--tmpdir', dir.resolve('absent').toString(), 'copy', "oci:${dir}/multi:v1", "oci:${dir}/two:v1")
        def timeout = Cli.run('--command-timeout', '1ms', 'copy', '--all', "oci:${dir}/multi:v1", "oci:${dir}/three:v1")

        then:
        before.exitCode == 0
        before.out.trim() == 'arm64'
        after.out.trim() == 'arm64'
        debug.exitCode == 0
        noTmp.exitCode == 2
        noTmp.err.contains("--tmpdir ${dir.resolve('absent')} is not a directory that exists")
        !Files.exists(dir.resolve('two'))
        timeout.exitCode == 1
        timeout.err.contains('did not finish within 1ms (--command-timeout)')
    }
}
