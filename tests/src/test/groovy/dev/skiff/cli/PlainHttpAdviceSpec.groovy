package dev.skiff.cli

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A plain-HTTP registry reached with TLS verification on (no TLS flag given): each command fails
 * with exit 1, names the flag that command takes to allow it, and prints no usage.
 *
 * Depends on the registry client giving its TLS failures the PLAIN_HTTP hint with the registry
 * host as subject (the registry branch): before that lands the failure carries no hint, and these
 * fail on the wording (the registry's own message names inspect's --tls-verify=false).
 */
class PlainHttpAdviceSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    def setupSpec() {
        Images.single(registry.ref('team/app:v1'))
    }

    /** The flag, and not the same flag of another command (--tls-verify=false inside --dest-tls-verify=false does not count). */
    static boolean names(String err, String flag) {
        err =~ /(?<![\w-])${java.util.regex.Pattern.quote(flag)}/
    }

    static void failsAdvising(Cli run, String flag, List<String> notFlags) {
        assert run.exitCode == 1: run.toString()
        assert names(run.err, flag): run.toString()
        notFlags.each { assert !names(run.err, it): run.toString() }
        assert !run.err.contains('Usage:'): run.toString()
        assert run.err.readLines().count { it.startsWith('Error: ') } == 1: run.toString()
    }

    def "a push (copy oci: to docker://) advises --dest-tls-verify=false"() {
        given:
        Images.single("oci:${dir}/layout:v1")

        when:
        def run = Cli.run('copy', "oci:${dir}/layout:v1", registry.ref('team/pushed:v1'))

        then:
        failsAdvising(run, '--dest-tls-verify=false', ['--tls-verify=false', '--src-tls-verify=false'])
    }

    def "a pull (copy docker:// to oci:) advises --src-tls-verify=false"() {
        when:
        def run = Cli.run('copy', registry.ref('team/app:v1'), "oci:${dir}/pulled:v1")

        then:
        failsAdvising(run, '--src-tls-verify=false', ['--tls-verify=false', '--dest-tls-verify=false'])
    }

    def "inspect advises --tls-verify=false"() {
        when:
        def run = Cli.run('inspect', registry.ref('team/app:v1'))

        then:
        failsAdvising(run, '--tls-verify=false', ['--src-tls-verify=false', '--dest-tls-verify=false'])
    }

    def "list-tags advises --tls-verify=false"() {
        when:
        def run = Cli.run('list-tags', "docker://${registry.host}/team/app")

        then:
        failsAdvising(run, '--tls-verify=false', ['--src-tls-verify=false', '--dest-tls-verify=false'])
    }

    def "sync from the registry advises --src-tls-verify=false"() {
        when:
        def run = Cli.run('sync', '--src', 'docker', '--dest', 'oci', "${registry.host}/team/app", "${dir}/bundle")

        then:
        failsAdvising(run, '--src-tls-verify=false', ['--tls-verify=false', '--dest-tls-verify=false'])
    }

    def "sync to the registry advises --dest-tls-verify=false"() {
        given:
        Images.single("oci:${dir}/bundle:team/app:v1")

        when:
        def run = Cli.run('sync', '--src', 'oci', '--dest', 'docker', "${dir}/bundle", "${registry.host}/mirror")

        then:
        failsAdvising(run, '--dest-tls-verify=false', ['--tls-verify=false', '--src-tls-verify=false'])
    }
}
