package dev.skiff.trust

import dev.skiff.dsl.Mirror
import dev.skiff.dsl.PlanException
import dev.skiff.rig.Cli
import dev.skiff.rig.Gpg
import dev.skiff.rig.Images
import dev.skiff.rig.Tools
import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** The policy in sync and in mirror plans: a refused image is one failure in the summary; the DSL's trust words. */
class TrustPlansSpec extends Specification {
    static final String IDENTITY = 'registry.example.com/team/app:v1'

    @Shared
    @AutoCleanup
    Gpg gpg = Gpg.create()

    @TempDir
    Path dir

    /** tree/signed (signed for IDENTITY) and tree/unsigned, both dir: images; a policy that wants the signature. */
    Path prepare() {
        Images.single("oci:${dir}/src:v1")
        Files.createDirectories(dir.resolve('tree'))
        Tools.skopeo('copy', "oci:${dir}/src:v1", "dir:${dir}/tree/signed")
        Tools.skopeo('copy', "oci:${dir}/src:v1", "dir:${dir}/tree/unsigned")
        gpg.must(['skopeo', 'standalone-sign', "${dir}/tree/signed/manifest.json".toString(), IDENTITY, gpg.fingerprint, '-o', "${dir}/tree/signed/signature-1".toString()])
        def policy = dir.resolve('policy.json')
        Files.writeString(policy, JsonOutput.toJson([
                default   : [[type: 'reject']],
                transports: [dir: ['': [[type: 'signedBy', keyType: 'GPGKeys', keyPath: gpg.publicKey.toString(),
                                         signedIdentity: [type: 'exactReference', dockerReference: IDENTITY]]]]]]))
        policy
    }

    def "sync: the refused image is a failure in the summary, the accepted one arrives with its signature"() {
        given:
        def policy = prepare()

        when:
        def run = Cli.run('sync', '--policy', policy.toString(), '--keep-going', '--src', 'dir', '--dest', 'dir', "${dir}/tree".toString(), "${dir}/out".toString())

        then:
        run.exitCode == 1
        (run.out + run.err).contains('Source image rejected')
        Files.readAllBytes(dir.resolve('out/signed/signature-1')) == Files.readAllBytes(dir.resolve('tree/signed/signature-1'))
        !Files.exists(dir.resolve('out/unsigned/manifest.json'))

        when: 'with --insecure-policy after the command, both arrive'
        def insecure = Cli.run('sync', '--insecure-policy', '--src', 'dir', '--dest', 'dir', "${dir}/tree".toString(), "${dir}/out2".toString())

        then:
        insecure.exitCode == 0
        Files.exists(dir.resolve('out2/unsigned/manifest.json'))
    }

    def "the DSL words policy, insecurePolicy, signBy, signIdentity, removeSignatures and registriesD build the plan's trust steps"() {
        given:
        def policyFile = prepare()

        when:
        def plans = Mirror.plan("""
            mirror {
                from dir('${dir}/tree')
                to dir('${dir}/out')
                policy '${policyFile}'
                signBy '${gpg.fingerprint}'
                signIdentity 'registry.example.com/team/copy:v1'
                removeSignatures true
                registriesD '${dir}/registries.d'
            }
            mirror {
                from dir('${dir}/tree')
                to dir('${dir}/out')
                insecurePolicy true
            }
        """)

        then:
        with(plans[0].trust()) {
            policy().policy().source() == policyFile
            signers().size() == 1
            signIdentity().toString() == 'registry.example.com/team/copy:v1'
            removeSignatures()
            storage().registriesD() == dir.resolve('registries.d')
        }
        plans[1].trust().policy() == null
    }

    def "a mirror plan under a policy: the refused image fails in sync's summary"() {
        given:
        def policy = prepare()
        def plan = dir.resolve('plan.groovy')
        Files.writeString(plan, """
            mirror {
                from dir('${dir}/tree')
                to dir('${dir}/out')
                policy '${policy}'
            }
        """)

        when:
        def run = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand', env: gpg.env()], '--keep-going', plan.toString())

        then:
        run.exitCode == 1
        (run.out + run.err).contains('Source image rejected')
        run.err.contains('insecurePolicy true skips the check') // advice in the plan's words, not flags
        Files.exists(dir.resolve('out/signed/signature-1'))
        !Files.exists(dir.resolve('out/unsigned/manifest.json'))

        when: 'mirror --insecure-policy overrides the plan'
        def insecure = Cli.exec([main: 'dev.skiff.dsl.MirrorCommand'], '--insecure-policy', plan.toString())

        then:
        insecure.exitCode == 0
        Files.exists(dir.resolve('out/unsigned/manifest.json'))
    }

    def "a malformed policy in a plan is a plan mistake, before anything runs"() {
        given:
        Files.writeString(dir.resolve('bad.json'), '{"default": [{"type": "trustMe"}]}')

        when:
        Mirror.plan("""
            mirror {
                from dir('${dir}/tree')
                to dir('${dir}/out')
                policy '${dir}/bad.json'
            }
        """)

        then:
        def e = thrown(PlanException)
        e.message.contains('unknown requirement type "trustMe"')
    }
}
