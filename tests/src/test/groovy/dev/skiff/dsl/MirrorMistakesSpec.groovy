package dev.skiff.dsl

import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** Mistakes in a plan are reported with its file and line, and what was expected, before anything is copied. */
class MirrorMistakesSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start()

    @TempDir
    Path dir

    def setupSpec() {
        Images.single(source.ref('team/web:v1'))
    }

    def "#kind is reported at line #line with what was expected"() {
        when:
        Mirror.plan(text.stripIndent().trim())

        then:
        PlanException e = thrown()
        e.line == line
        e.message.startsWith("plan.groovy, line ${line}: ${what}")
        e.message.contains("; expected ${expected}")

        where:
        kind                         | line | what                                              | expected                                | text
        'an unknown word'            | 3    | "unknown word 'form' in a mirror block"          | 'one of from, images, platforms, to'    | '''
                                                                                                                                              mirror {
                                                                                                                                                  to oci('./out')
                                                                                                                                                  form 'docker.io'
                                                                                                                                              }'''
        'an unknown word at the top' | 2    | "unknown word 'mirorr' in the plan"              | 'one of mirror, oci, dir, registry'     | '''
                                                                                                                                              // nightly
                                                                                                                                              mirorr { from 'docker.io' }'''
        'a wrong argument type'      | 4    | "wrong argument for parallel: String 'four'"     | 'parallel N (images copied at once'     | '''
                                                                                                                                              mirror {
                                                                                                                                                  from 'docker.io'; images 'nginx:alpine'
                                                                                                                                                  to oci('./out')
                                                                                                                                                  parallel 'four'
                                                                                                                                              }'''
        'a missing from'             | 2    | 'the mirror block has no from'                    | "from 'registry.host'"                  | '''
                                                                                                                                              mirror { from 'docker.io'; images 'nginx'; to dir('./a') }
                                                                                                                                              mirror {
                                                                                                                                                  to dir('./b')
                                                                                                                                              }'''
        'a missing to'               | 1    | 'the mirror block has no to'                      | "to oci('./out')"                       | '''
                                                                                                                                              mirror {
                                                                                                                                                  from 'docker.io'
                                                                                                                                                  images 'nginx:alpine'
                                                                                                                                              }'''
        'a malformed reference'      | 3    | "malformed reference 'Team/Web:v1': repository name must be lowercase" | 'repository[:tag] or repository@sha256' | '''
                                                                                                                                              mirror {
                                                                                                                                                  from 'docker.io'
                                                                                                                                                  images 'library/nginx:alpine', 'Team/Web:v1'
                                                                                                                                                  to oci('./out')
                                                                                                                                              }'''
        'an invalid regex'           | 3    | 'invalid regex /^v[0-9/: Unclosed character class' | 'a Java regular expression'           | '''
                                                                                                                                              mirror {
                                                                                                                                                  from 'docker.io'
                                                                                                                                                  images('team/web') { tags ~/^v[0-9/ }
                                                                                                                                                  to oci('./out')
                                                                                                                                              }'''
        'an invalid semver range'    | 4    | 'invalid semver range ">=banana"'                 | "a semver range such as '>=3.18 <4'"    | '''
                                                                                                                                              mirror {
                                                                                                                                                  from 'docker.io'
                                                                                                                                                  images('library/alpine') {
                                                                                                                                                      semver '>=banana'
                                                                                                                                                  }
                                                                                                                                                  to oci('./out')
                                                                                                                                              }'''
        'an unset env()'             | 2    | 'the environment variable SKIFF_NO_SUCH_VARIABLE is not set' | 'SKIFF_NO_SUCH_VARIABLE set before running the plan' | '''
                                                                                                                                              mirror {
                                                                                                                                                  from('127.0.0.1:5000') { credentials 'bob', env('SKIFF_NO_SUCH_VARIABLE') }
                                                                                                                                                  images 'team/web:v1'
                                                                                                                                                  to oci('./out')
                                                                                                                                              }'''
        'an archive with no path'    | 3    | "ociArchive without a location"          | "ociArchive('./images.tar')"            | '''
                                                                                                                                              mirror {
                                                                                                                                                  from 'docker.io'; images 'nginx:alpine'
                                                                                                                                                  to ociArchive()
                                                                                                                                              }'''
        'an archive with an empty path' | 2    | 'dockerArchive with an empty location'            | "dockerArchive('./images.tar')"         | '''
                                                                                                                                              mirror {
                                                                                                                                                  from dockerArchive('')
                                                                                                                                                  to oci('./out')
                                                                                                                                              }'''
        'a malformed platform'       | 4    | "invalid platform 'linux': expected os/arch[/variant]" | "platforms 'linux/amd64' (that image alone)" | '''
                                                                                                                                              mirror {
                                                                                                                                                  from 'docker.io'; images 'nginx:alpine'
                                                                                                                                                  to oci('./out')
                                                                                                                                                  platforms 'linux/amd64', 'linux'
                                                                                                                                              }'''
        'all among platforms'        | 2    | "platforms 'all', 'linux/amd64': 'all' already takes every platform" | 'platforms '                            | '''
                                                                                                                                              mirror {
                                                                                                                                                  platforms 'all', 'linux/amd64'
                                                                                                                                                  from 'docker.io'; images 'nginx:alpine'; to oci('./out')
                                                                                                                                              }'''
        'a malformed own registry'   | 3    | "malformed reference '127.0.0.1:5001/Team/api:1'" | 'repository[:tag] or repository@sha256' | '''
                                                                                                                                              mirror {
                                                                                                                                                  from 'docker.io'
                                                                                                                                                  images 'nginx:alpine', '127.0.0.1:5001/Team/api:1'
                                                                                                                                                  to oci('./out')
                                                                                                                                              }'''
    }

    def "the mirror command reports a mistake as one line, exits 2 and copies nothing, even from blocks before the mistake"() {
        given:
        def out = dir.resolve('out')
        def plan = dir.resolve('site.groovy')
        Files.writeString(plan, """\
            mirror { from('${source.host}') { tlsVerify false }; images 'team/web:v1'; to oci('${out}') }
            mirror {
                from('${source.host}') { tlsVerify false }
                images 'team/web:v1'
                to oci('${out}-2')
                scoped 'yes please'
            }
        """.stripIndent())

        when:
        def run = MirrorDslSpec.mirror(plan.toString())

        then:
        run.exitCode == 2
        run.err.trim() == "site.groovy, line 6: wrong argument for scoped: String 'yes please'; expected scoped true|false (name images by their full source path)"
        run.out.isEmpty()
        !Files.exists(out)
    }
}
