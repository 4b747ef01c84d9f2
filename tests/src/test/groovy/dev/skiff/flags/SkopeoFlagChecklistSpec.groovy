package dev.skiff.flags

import dev.skiff.rig.Cli
import dev.skiff.rig.Tools
import spock.lang.Shared
import spock.lang.Specification

/**
 * Flag for flag against the installed skopeo (1.9.3): every flag of `skopeo COMMAND --help` is in
 * `skiff COMMAND --help`, and skopeo's global flags are accepted before the command. The trust and
 * encryption flags are owned by the trust options and listed here until they land; the commands
 * Skiff has no counterpart of yet (standalone-sign, standalone-verify) come with trust too.
 */
class SkopeoFlagChecklistSpec extends Specification {
    /** Owned elsewhere (the trust and encryption options): remove from here as they land. */
    static final Set<String> OWNED_ELSEWHERE = [
            '--policy', '--insecure-policy', '--registries.d',
            '--sign-by', '--sign-by-sigstore-private-key', '--sign-identity', '--sign-passphrase-file',
            '--remove-signatures', '--encryption-key', '--decryption-key', '--encrypt-layer',
    ] as Set

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

    def "skiff #command has every flag of skopeo #command (trust and encryption flags owned elsewhere)"() {
        given:
        def skopeo = flagsOf(Tools.run(['skopeo', command, '--help']))
        def skiff = flagsOf(skiffHelp(command)) as Set

        expect:
        !skopeo.isEmpty()
        (skopeo - skiff - OWNED_ELSEWHERE) == []

        where:
        command << ['copy', 'inspect', 'sync', 'delete', 'list-tags', 'login', 'logout', 'manifest-digest']
    }

    def "skopeo's global flags are Skiff's global flags (trust flags owned elsewhere)"() {
        given:
        def skopeo = flagsOf(Tools.run(['skopeo', '--help']))
        def skiff = flagsOf(skiffHelp(''))

        expect:
        (skopeo - skiff - OWNED_ELSEWHERE - ['--version']) == []
        skiff.containsAll(['--debug', '--tmpdir', '--command-timeout', '--override-arch', '--override-os', '--override-variant'])
    }

    def "every command also takes skopeo's global flags after its name, as skopeo's persistent flags: #command"() {
        expect:
        flagsOf(skiffHelp(command)).containsAll(['--debug', '--tmpdir', '--command-timeout', '--override-arch'])

        where:
        command << ['copy', 'inspect', 'sync', 'delete', 'list-tags', 'login', 'logout', 'manifest-digest']
    }
}
