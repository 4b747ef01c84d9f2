package dev.skiff.trust

import dev.skiff.rig.Cli
import dev.skiff.rig.Docs
import dev.skiff.rig.RegistryRig
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The trust recipe in docs/trust.md, as written there, in bash -e: {@code ./jbang} is the real command
 * line (this JVM's class path), the registry a real one; then skopeo 1.9.3 accepts the signed
 * image under the recipe's own policy and registries.d.
 */
class TrustReadmeSpec extends Specification {
    static final Path ROOT = Path.of(System.getProperty('skiff.root', '..')).toAbsolutePath().normalize()

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path work

    static String recipe() {
        Docs.block('docs/trust.md', 'trust-recipe')
    }

    def "the trust recipe signs on push, pulls under the policy, verifies standalone, and skopeo accepts the result"() {
        given: './jbang runs the command line of this build'
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        Files.writeString(work.resolve('jbang'),
                "#!/bin/bash\nexec '${java}' ${Cli.JVM_OPTIONS.join(' ')} -cp '${System.getProperty('java.class.path')}' dev.skiff.cli.SkiffCli \"\$@\"\n")
        work.resolve('jbang').toFile().setExecutable(true)
        def script = recipe().replace('127.0.0.1:5000', registry.host) + '\ngpgconf --kill all\nrm -rf "$GNUPGHOME"\n'

        when:
        def p = new ProcessBuilder('bash', '-e', '-c', script).directory(work.toFile()).redirectErrorStream(true).start()
        def out = p.inputStream.text
        def exit = p.waitFor()

        then:
        [exit, out] == [0, out]
        out.contains('Signature verified, digest sha256:')
        Files.exists(work.resolve('images/app/signature-1'))

        when: 'skopeo reads the signed image under the same policy and registries.d'
        def s = new ProcessBuilder('skopeo', '--policy', work.resolve('policy.json').toString(), '--registries.d', work.resolve('registries.d').toString(),
                'copy', '--src-tls-verify=false', "docker://${registry.host}/team/app:v1".toString(), "dir:${work}/by-skopeo".toString())
                .redirectErrorStream(true).start()
        def skopeoOut = s.inputStream.text

        then:
        s.waitFor() == 0
        Files.readAllBytes(work.resolve('by-skopeo/signature-1')) == Files.readAllBytes(work.resolve('images/app/signature-1'))

        when: 'an unsigned image in the same scope'
        def unsigned = Cli.runIn(work, 'copy', '--dest-tls-verify=false', 'oci:./layout:v1', "docker://${registry.host}/team/unsigned:v1")
        def refused = Cli.runIn(work, '--policy', './policy.json', 'copy', '--registries.d', './registries.d', '--src-tls-verify=false',
                "docker://${registry.host}/team/unsigned:v1", 'dir:./refused')

        then:
        unsigned.exitCode == 0
        refused.exitCode == 1
        refused.err.contains("scope docker \"${registry.host}/team\"")
        refused.err.contains('the image has no simple signing signature')
        !Files.exists(work.resolve('refused'))
    }
}
