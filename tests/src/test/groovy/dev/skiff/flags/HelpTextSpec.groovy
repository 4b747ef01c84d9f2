package dev.skiff.flags

import dev.skiff.cli.SkiffCli
import dev.skiff.rig.Cli
import spock.lang.Specification

/**
 * Help a person can read: every positional parameter is described, no "null" stands where an
 * environment variable is unset, and an example line is never wrapped inside a reference or URL.
 */
class HelpTextSpec extends Specification {
    def "skiff #command --help describes its parameters, has no null, and keeps each example on one line"() {
        when:
        def run = Cli.exec([env: [XDG_RUNTIME_DIR: null]], command, '--help')
        def lines = run.out.readLines()
        def footer = SkiffCli.commandLine().subcommands[command].commandSpec.usageMessage().footer().findAll { it.startsWith('  ') }
        def positionals = SkiffCli.commandLine().subcommands[command].commandSpec.positionalParameters()

        then:
        run.exitCode == 0
        run.err == ''
        !run.out.contains('null')
        footer.every { example -> lines.contains(example.replace('%%', '%')) }
        positionals.every { it.description().length > 0 && it.description()[0] }

        where:
        command << SkiffCli.commandNames()
    }
}
