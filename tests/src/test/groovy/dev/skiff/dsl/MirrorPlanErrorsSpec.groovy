package dev.skiff.dsl

import static dev.skiff.dsl.MirrorDslSpec.mirror

import dev.skiff.Hint
import dev.skiff.Side
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A plan's mistakes are reported where they are: a syntax error at the line and column of the fix
 * (not at the enclosing block's brace), a trailing comma by name, values that can be checked before
 * copying checked before any registry is asked (exit 2), and advice in the plan's words, never a
 * command line's flags.
 */
class MirrorPlanErrorsSpec extends Specification {
    @TempDir
    Path dir

    def "#kind is reported at line #line, column #column"() {
        when:
        Mirror.plan(text.stripIndent().trim())

        then:
        PlanException e = thrown()
        e.line == line
        e.column == column
        e.message == "plan.groovy, line ${line}, column ${column}: ${message}".toString()

        where:
        kind                                | line | column | message                                                                                                                 | text
        "a missing ')'"                     | 2    | 19     | "missing ')' (the '(' at column 13 is not closed); expected ')' at the end of line 2"                                   | '''
                                                                                                                                                                                                  mirror {
                                                                                                                                                                                                      from oci('./b'
                                                                                                                                                                                                      images 'a:1'
                                                                                                                                                                                                      to oci('./o')
                                                                                                                                                                                                  }'''
        "a missing '}' of an images block"  | 4    | 5      | "missing '}' before this line (the '{' at line 3, column 17 is not closed); expected '}' to end the block of line 3"   | '''
                                                                                                                                                                                                  mirror {
                                                                                                                                                                                                      from oci('./b')
                                                                                                                                                                                                      images('a') { tags ~/^1/
                                                                                                                                                                                                      to oci('./o')
                                                                                                                                                                                                  }'''
        "a missing '}' of a mirror block"   | 5    | 1      | "missing '}' before this line (the '{' at line 1, column 8 is not closed); expected '}' to end the block of line 1"    | '''
                                                                                                                                                                                                  mirror {
                                                                                                                                                                                                      from oci('./b')
                                                                                                                                                                                                      to oci('./o')

                                                                                                                                                                                                  mirror {
                                                                                                                                                                                                      from oci('./c'); images 'b:1'; to oci('./p')
                                                                                                                                                                                                  }'''
        "a missing '}' at the end"          | 3    | 18     | "missing '}' (the '{' at line 1, column 8 is not closed); expected '}' to end the block of line 1"                     | '''
                                                                                                                                                                                                  mirror {
                                                                                                                                                                                                      from oci('./b')
                                                                                                                                                                                                      to oci('./o')'''
        'a trailing comma before a word'    | 3    | 17     | "a trailing comma after images 'a:1'; expected no comma at the end of line 3: the next line (to …) is not one of its values" | '''
                                                                                                                                                                                                  mirror {
                                                                                                                                                                                                      from oci('./b')
                                                                                                                                                                                                      images 'a:1',
                                                                                                                                                                                                      to oci('./o')
                                                                                                                                                                                                  }'''
        'a trailing comma before the end'   | 4    | 24     | "a trailing comma after images 'a:1', 'b:2'; expected no comma at the end of line 4: the next line (}) is not one of its values" | '''
                                                                                                                                                                                                  mirror {
                                                                                                                                                                                                      from oci('./b')
                                                                                                                                                                                                      to oci('./o')
                                                                                                                                                                                                      images 'a:1', 'b:2',
                                                                                                                                                                                                  }'''
        'an unclosed quote'                 | 3    | 12     | "a string opened with ' is not closed on its line; expected a closing ' before the end of line 3"                      | '''
                                                                                                                                                                                                  mirror {
                                                                                                                                                                                                      from 'docker.io'
                                                                                                                                                                                                      images 'nginx:alpine
                                                                                                                                                                                                      to oci('./out')
                                                                                                                                                                                                  }'''
        "an extra ')'"                      | 3    | 20     | "an extra ')' closes nothing; expected a ')' only after its opening '('"                                               | '''
                                                                                                                                                                                                  mirror {
                                                                                                                                                                                                      from 'docker.io'; images 'nginx:alpine'
                                                                                                                                                                                                      to oci('./out'))
                                                                                                                                                                                                  }'''
    }

    def "values continued on the next line after a comma are not a trailing comma"() {
        when:
        def plans = Mirror.plan('''
            mirror {
                from 'docker.io'
                images 'library/nginx:alpine',
                       'library/redis:7'
                encrypt 'jwe:/keys/nowhere.pem',
                        layers: [-1]
                to oci('./out')
            }
        '''.stripIndent())

        then: 'the key file is missing: the plan was read past both commas'
        PlanException e = thrown()
        e.message.contains('nowhere.pem')
        !e.message.contains('trailing comma')

        when:
        plans = Mirror.plan('''
            mirror {
                from 'docker.io'
                images 'library/nginx:alpine',
                       'library/redis:7'   // a comment
                rename { repo -> "m/${repo.replace('library/', "")}" }
                to oci('./out')
            }
        '''.stripIndent())

        then:
        plans[0].sources()*.repository() == ['docker.io/library/nginx:alpine', 'docker.io/library/redis:7']
    }

    def "#kind exits 2 before any registry is asked, naming the plan word"() {
        given: 'both registries are closed ports: asking either would fail otherwise'
        def closed = "127.0.0.1:${RegistryRig.freePort()}"
        def plan = dir.resolve('site.groovy')
        Files.writeString(plan, """\
            mirror {
                from('${closed}') { tlsVerify false }
                ${line}
                to registry('${closed}') { tlsVerify false }
            }
        """.stripIndent())

        when:
        def run = mirror(plan.toString())

        then:
        run.exitCode == 2
        run.out.isEmpty()
        run.err.trim().startsWith("site.groovy, line 3: ${message}".toString())
        run.err.contains("; expected ${expected}")
        !run.err.contains('--')
        !run.err.toLowerCase().contains('connect')

        where:
        kind                      | line                                                     | message                                                                                       | expected
        'a platform typo'         | "images 'team/web:v1'; platforms 'linux/amd65'"          | "invalid platform 'linux/amd65': unknown architecture 'amd65' (did you mean amd64?); known: 386, amd64, arm, arm64" | "platforms 'linux/amd64'"
        'an unknown OS'           | "images 'team/web:v1'; platforms 'linx/arm64'"           | "invalid platform 'linx/arm64': unknown operating system 'linx' (did you mean linux?); known: aix, android" | "platforms 'linux/amd64'"
        'an OS typo in a list'    | "images 'team/web:v1'; platforms 'linux/arm64', 'linx/amd64'" | "invalid platform 'linx/amd64': unknown operating system 'linx' (did you mean linux?); known: aix, android" | "platforms 'linux/amd64'"
        'a bad tag'               | "images 'team/web:-v1'"                                  | "malformed reference 'team/web:-v1'"                                                          | 'repository[:tag]'
        'a bad listed tag'        | "images('team/web') { tags 'v1', '.v2' }"                | "invalid tag '.v2'"                                                                           | "tags ~/regex/"
        'a bad regex'             | "images('team/web') { tags ~/v[1/ }"                     | 'invalid regex /v[1/: Unclosed character class'                                               | 'a Java regular expression'
        'a bad semver range'      | "images('team/web') { semver '>=one' }"                  | 'invalid semver range ">=one"'                                                               | "a semver range such as '>=3.18 <4'"
        'a transport as a host'   | "from 'oci:./bundle'"                                    | "'oci:./bundle' names the oci transport where a registry host was expected"                  | "oci('./bundle')"
        'an unknown transport'    | "from 'ocii:./bundle'"                                   | "unknown transport 'ocii' in 'ocii:./bundle'"                                                | "a registry host such as '127.0.0.1:5000', or a place: registry(…), oci(…), dir(…), ociArchive(…)"
    }

    def "every hint the mirror command can be given is worded in the plan's words, never as a command-line flag"() {
        given:
        def advice = new MirrorCommand().advice()

        expect:
        Hint.values().every { hint ->
            Side.values().every { side ->
                def said = advice.advise(hint, side, '127.0.0.1:5000')
                said == null || !said.contains('--')
            }
        }
        (Hint.values() as List).findAll { it.name() in WORDED && advice.advise(it, Side.SOURCE, 'x') == null } == []
        advice.advise(Hint.NONE, Side.SOURCE, 'x') == null
    }

    /** The hints there were when the advice was written; each must say something (RETRIES_EXHAUSTED has no plan word: its message says all). */
    static final List<String> WORDED = ['PLAIN_HTTP', 'TLS_UNTRUSTED', 'CLIENT_CERTIFICATE', 'CERT_DIR_INVALID',
            'CREDENTIALS', 'PLATFORM_MISSING', 'PLATFORM_CHOICE', 'PLATFORM_FILTER_UNMATCHED', 'PLATFORM_FILTER_ON_IMAGE',
            'DIGEST_CHANGE_NEEDS_CONVERSION', 'FORMAT_UNSUPPORTED', 'SINGLE_IMAGE_ONLY', 'TEMPLATE_INVALID', 'ALL_PLATFORMS',
            'ONE_PLATFORM_COPIED', 'NO_CONFIG', 'DECRYPTION_KEY_NEEDED', 'SIGNATURES_UNSUPPORTED', 'POLICY_REJECTED',
            'POLICY_INVALID', 'SIGN_IDENTITY']

    def "a platform the index lacks fails that image with advice in plan words, and the stop names keepGoing"() {
        given:
        def source = RegistryRig.start()
        Images.multi(source.ref('team/app:v1'))
        Images.single(source.ref('team/app:v2'))
        def plan = dir.resolve('site.groovy')
        Files.writeString(plan, """\
            mirror {
                from('${source.host}') { tlsVerify false }
                images 'team/app:v1', 'team/app:v2'
                platforms 'linux/s390x'
                parallel 1
                to oci('${dir.resolve('out')}')
            }
        """.stripIndent())

        when:
        def run = mirror(plan.toString())

        then:
        run.exitCode == 1
        run.err.contains("platforms 'all' takes every platform; platforms 'os/arch' chooses one")
        run.out.contains('keepGoing true in the mirror block goes on past failures')
        !run.err.contains('--')
        !run.out.contains('--')

        cleanup:
        source?.stop()
    }
}
