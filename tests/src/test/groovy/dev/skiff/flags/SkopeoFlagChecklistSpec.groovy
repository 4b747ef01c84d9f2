package dev.skiff.flags

import dev.skiff.cli.SkiffCli
import dev.skiff.rig.Cli
import dev.skiff.rig.Tools
import spock.lang.Shared
import spock.lang.Specification

/**
 * Flag for flag against the installed skopeo (1.9.3): every flag of `skopeo COMMAND --help` is in
 * `skiff COMMAND --help` (the trust and encryption flags and standalone-sign/verify included), and
 * skopeo's global flags are accepted before the command.
 */
class SkopeoFlagChecklistSpec extends Specification {
    /** skopeo's flags a Skiff command's help has no place for: cobra's own help flag is -h/--help in both. */
    static List<String> flagsOf(String help) {
        help.readLines()
                .collect { it =~ /^\s+(?:-\w, )?(--[a-z0-9.-]+)/ }
                .findAll { it.find() }
                .collect { it.group(1) }
                .unique()
    }

    @Shared Map<String, String> skiffHelp = [:]

    String skiffHelp(String command) {
        skiffHelp.computeIfAbsent(command) {
            def run = command ? Cli.run(command, '--help') : Cli.run('--help')
            assert run.exitCode == 0: run.toString()
            run.out
        }
    }

    def "skiff #command has every flag of skopeo #command"() {
        given:
        def skopeo = flagsOf(Tools.run(['skopeo', command, '--help']))
        def skiff = flagsOf(skiffHelp(command)) as Set

        expect:
        !skopeo.isEmpty()
        (skopeo - skiff) == []

        where:
        command << ['copy', 'inspect', 'sync', 'delete', 'list-tags', 'login', 'logout', 'manifest-digest',
                    'standalone-sign', 'standalone-verify']
    }

    def "skopeo's global flags are Skiff's global flags"() {
        given:
        def skopeo = flagsOf(Tools.run(['skopeo', '--help']))
        def skiff = flagsOf(skiffHelp(''))

        expect:
        (skopeo - skiff - ['--version']) == []
        skiff.containsAll(['--policy', '--insecure-policy', '--registries.d', '--debug', '--tmpdir', '--command-timeout', '--override-arch', '--override-os', '--override-variant'])
    }

    def "every command also takes skopeo's global flags after its name, as skopeo's persistent flags: #command"() {
        expect:
        flagsOf(skiffHelp(command)).containsAll(['--debug', '--tmpdir', '--command-timeout', '--override-arch',
                                                 '--policy', '--insecure-policy', '--registries.d'])

        where:
        command << SkiffCli.commandNames()
    }
}
