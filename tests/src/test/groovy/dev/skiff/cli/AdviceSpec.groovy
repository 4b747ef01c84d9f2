package dev.skiff.cli

import dev.skiff.Hint
import dev.skiff.Side
import dev.skiff.SkiffException
import dev.skiff.dsl.MirrorCommand
import picocli.CommandLine
import spock.lang.Specification

/**
 * Each command words a failure's hint in its own flags. These specs build the real picocli command
 * lines and ask each command's advice directly, with failures made here, so they need no registry.
 */
class AdviceSpec extends Specification {
    static final List<Side> SIDES = Side.values() as List
    static final List<String> SUBJECTS = [null, '127.0.0.1:5000', 'linux/ppc64le']

    /** Every command line a user can run: skiff's subcommands, and mirror. */
    static Map<String, CommandLine> commands() {
        def all = new LinkedHashMap<String, CommandLine>(SkiffCli.commandLine().subcommands)
        all.mirror = new CommandLine(new MirrorCommand())
        all
    }

    /** The command {@code args[0]} after picocli parsed {@code args}, as it is when its advice is asked for. */
    static Advised parsed(String... args) {
        def line = args[0] == 'mirror' ? new CommandLine(new MirrorCommand()) : SkiffCli.commandLine()
        def result = line.parseArgs(args[0] == 'mirror' ? args.drop(1) as String[] : args)
        (result.subcommand() ?: result).commandSpec().userObject() as Advised
    }

    static String advise(Advised command, Hint hint, Side side = Side.UNKNOWN, String subject = '127.0.0.1:5000') {
        command.advice().advise(hint, side, subject)
    }

    def "for every command, hint, side and subject, the advice names only flags that command accepts"() {
        expect:
        commands().each { String name, CommandLine line ->
            if (!(line.command instanceof Advised)) {
                return
            }
            Advice advice = (line.command as Advised).advice()
            Hint.values().each { hint ->
                SIDES.each { side ->
                    SUBJECTS.each { subject ->
                        String text = advice.advise(hint, side, subject)
                        (text =~ /(?<![\w-])--[a-z][a-z0-9-]*(?:\.[a-z]+)?/).collect { it as String }.each { flag ->
                            assert line.commandSpec.findOption(flag) != null: "${name} advises ${flag} for ${hint}/${side}, which it does not take: ${text}"
                        }
                    }
                }
            }
        }
    }

    def "every command that reaches a registry has advice for each registry hint"() {
        expect:
        ['copy', 'inspect', 'list-tags', 'delete', 'catalog', 'login', 'sync', 'verify', 'sample-image', 'mirror'].each { name ->
            def command = commands()[name].command as Advised
            [Hint.PLAIN_HTTP, Hint.TLS_UNTRUSTED, Hint.CLIENT_CERTIFICATE, Hint.CERT_DIR_INVALID, Hint.CREDENTIALS].each { hint ->
                assert command.advice().advise(hint, Side.UNKNOWN, '127.0.0.1:5000') != null: "${name} has no advice for ${hint}"
            }
        }
    }

    def "#command words a plain-HTTP registry on the #side side as #flag"() {
        expect:
        advise(parsed(*args), Hint.PLAIN_HTTP, side) == "if it is a plain-HTTP registry, pass ${flag}"

        where:
        command     | args                                                                              | side             || flag
        'copy'      | ['copy', 'oci:./a:v1', 'docker://127.0.0.1:5000/team/app:v1']                     | Side.DESTINATION || '--dest-tls-verify=false'
        'copy'      | ['copy', 'docker://127.0.0.1:5000/team/app:v1', 'oci:./a:v1']                     | Side.SOURCE      || '--src-tls-verify=false'
        'copy'      | ['copy', 'oci:./a:v1', 'docker://127.0.0.1:5000/team/app:v1']                     | Side.UNKNOWN     || '--dest-tls-verify=false'
        'copy'      | ['copy', 'docker://127.0.0.1:5000/team/app:v1', 'oci:./a:v1']                     | Side.UNKNOWN     || '--src-tls-verify=false'
        'copy'      | ['copy', 'docker://127.0.0.1:5000/a:v1', 'docker://127.0.0.1:5000/b:v1']          | Side.UNKNOWN     || '--src-tls-verify=false and --dest-tls-verify=false'
        'copy'      | ['copy', 'docker://127.0.0.1:5000/a:v1', 'docker://127.0.0.1:5000/b:v1']          | Side.DESTINATION || '--dest-tls-verify=false'
        'copy'      | ['copy', 'docker://quay.io/a:v1', 'docker://ghcr.io/b:v1']                        | Side.UNKNOWN     || '--src-tls-verify=false or --dest-tls-verify=false'
        'inspect'   | ['inspect', 'docker://127.0.0.1:5000/team/app:v1']                                | Side.UNKNOWN     || '--tls-verify=false'
        'list-tags' | ['list-tags', 'docker://127.0.0.1:5000/team/app']                                 | Side.UNKNOWN     || '--tls-verify=false'
        'delete'    | ['delete', 'docker://127.0.0.1:5000/team/app:v1']                                 | Side.UNKNOWN     || '--tls-verify=false'
        'catalog'   | ['catalog', '127.0.0.1:5000']                                                     | Side.UNKNOWN     || '--tls-verify=false'
        'login'     | ['login', '127.0.0.1:5000']                                                       | Side.UNKNOWN     || '--tls-verify=false'
        'sync'      | ['sync', '--src', 'docker', '--dest', 'oci', '127.0.0.1:5000/team/app', './out']  | Side.UNKNOWN     || '--src-tls-verify=false'
        'sync'      | ['sync', '--src', 'oci', '--dest', 'docker', './in', '127.0.0.1:5000/mirror']     | Side.UNKNOWN     || '--dest-tls-verify=false'
        'sync'      | ['sync', '--src', 'yaml', '--dest', 'oci', 'images.yaml', './out']                | Side.UNKNOWN     || '--src-tls-verify=false'
        'verify'    | ['verify', 'oci:./a:v1', 'docker://127.0.0.1:5000/team/app:v1']                   | Side.UNKNOWN     || '--dest-tls-verify=false'
        'verify'    | ['verify', '--deep', 'docker://127.0.0.1:5000/team/app:v1']                       | Side.UNKNOWN     || '--tls-verify=false'
    }

    def "mirror words a registry hint in the plan's registry block, not in flags"() {
        given:
        def mirror = parsed('mirror', 'plan.groovy')

        expect:
        advise(mirror, Hint.PLAIN_HTTP, Side.DESTINATION) == "if it is a plain-HTTP registry, say so in the plan: to registry('127.0.0.1:5000') { tlsVerify false }"
        advise(mirror, Hint.PLAIN_HTTP, Side.SOURCE) == "if it is a plain-HTTP registry, say so in the plan: from('127.0.0.1:5000') { tlsVerify false }"
        advise(mirror, Hint.CREDENTIALS).contains("registry('127.0.0.1:5000') { credentials 'user', env('PASSWORD') }")
        !advise(mirror, Hint.TLS_UNTRUSTED).contains('--')
    }

    def "retries are advised as --retry-times only where the command takes it"() {
        expect:
        advise(parsed('copy', 'a', 'b'), Hint.RETRIES_EXHAUSTED) == 'raise --retry-times to try longer'
        advise(parsed('inspect', 'docker://h/a:v1'), Hint.RETRIES_EXHAUSTED) == 'raise --retry-times to try longer'
        advise(parsed('verify', 'oci:a', 'oci:b'), Hint.RETRIES_EXHAUSTED) == null
        advise(parsed('mirror', 'plan.groovy'), Hint.RETRIES_EXHAUSTED) == null
    }

    def "a failure is one line: the message, then the command's advice"() {
        given:
        def copy = parsed('copy', 'oci:./a:v1', 'docker://127.0.0.1:5000/team/app:v1')
        def inspect = parsed('inspect', 'docker://127.0.0.1:5000/team/app:v1')
        def failure = new SkiffException('127.0.0.1:5000 does not speak TLS', Hint.PLAIN_HTTP, '127.0.0.1:5000', Side.UNKNOWN, null)

        expect:
        ErrorReporter.line(failure, copy.advice()) ==
                'Error: 127.0.0.1:5000 does not speak TLS: if it is a plain-HTTP registry, pass --dest-tls-verify=false'
        ErrorReporter.line(failure, inspect.advice()) ==
                'Error: 127.0.0.1:5000 does not speak TLS: if it is a plain-HTTP registry, pass --tls-verify=false'
        ErrorReporter.line(new SkiffException('plain'), copy.advice()) == 'Error: plain'
    }

    def "a hint wrapped in another failure is still advised"() {
        given:
        def inner = new SkiffException('no image for linux/s390x', Hint.PLATFORM_MISSING)
        def outer = new SkiffException('sync failed unexpectedly: ' + inner.message, inner)

        expect:
        ErrorReporter.line(outer, parsed('inspect', 'oci:./a').advice()).endsWith(
                ': choose one with --override-os/--override-arch/--override-variant, or inspect the index with --raw')
    }

    def "the side the library marked wins over the hosts of the references"() {
        given:
        def copy = parsed('copy', 'docker://127.0.0.1:5000/a:v1', 'docker://127.0.0.1:5000/b:v1')

        expect:
        advise(copy, Hint.TLS_UNTRUSTED, Side.SOURCE) ==
                'pass --src-cert-dir DIR holding its CA certificate (DIR/*.crt), or --src-tls-verify=false to skip verification'
        advise(copy, Hint.CREDENTIALS, Side.DESTINATION) ==
                'pass --dest-creds USERNAME:PASSWORD or log in (skiff login 127.0.0.1:5000)'
    }

    def "copy's own hints name copy's flags: #hint"() {
        expect:
        advise(parsed('copy', 'oci:./a:multi', 'oci:./b:x'), hint, Side.UNKNOWN, subject).contains(says)

        where:
        hint                                | subject         || says
        Hint.PLATFORM_MISSING               | 'linux/s390x'   || 'pass --all to copy every platform, or --override-os/--override-arch/--override-variant'
        Hint.PLATFORM_FILTER_UNMATCHED      | 'linux/ppc64le' || 'change --platform linux/ppc64le to platforms it has'
        Hint.PLATFORM_FILTER_ON_IMAGE       | null            || 'without --platform'
        Hint.DIGEST_CHANGE_NEEDS_CONVERSION | null            || 'drop --preserve-digests'
        Hint.FORMAT_UNSUPPORTED             | 'oci'           || 'copy with --format oci'
        Hint.SINGLE_IMAGE_ONLY              | null            || 'without --all'
    }
}
