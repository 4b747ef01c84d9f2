package dev.skiff.trust.sigstore

import dev.skiff.registry.RegistryClient
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.transport.registry.SigstoreAttachments
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** The mirror plan word {@code signBySigstoreKey 'key.private', passphraseFile: 'pass.txt'}, run by the mirror command. */
class SigstoreDslSpec extends Specification {
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start()
    @Shared @AutoCleanup RegistryClient client
    @Shared @TempDir Path shared
    @Shared SigstoreKeyPair.KeyFiles key
    @Shared Path registriesD

    @TempDir Path dir

    def setupSpec() {
        client = RegistryClient.forRegistry(registry.host, Images.PLAIN_HTTP)
        key = SigstoreKeys.generate('s3cret'.bytes).writeTo(shared.resolve('key').toString())
        Files.writeString(shared.resolve('pass.txt'), 's3cret\n')
        Files.writeString(shared.resolve('wrong.txt'), 'nope\n')
        registriesD = Files.createDirectories(shared.resolve('registries.d'))
        Files.writeString(registriesD.resolve('local.yaml'), "docker:\n  ${registry.host}:\n    use-sigstore-attachments: true\n")
    }

    static Cli mirror(String... args) {
        Cli.exec([main: 'dev.skiff.dsl.MirrorCommand'], args)
    }

    Path plan(String passphraseFile) {
        def plan = dir.resolve('signed.groovy')
        Files.writeString(plan, """\
            mirror {
                from('${registry.host}') { tlsVerify false }
                images 'staging/app:v1'
                to registry('${registry.host}') { tlsVerify false }
                rename { "team/app" }
                insecurePolicy true
                registriesD '${registriesD}'
                signBySigstoreKey '${key.privateKey()}', passphraseFile: '${shared.resolve(passphraseFile)}'
            }
        """.stripIndent())
        plan
    }

    def "a plan with signBySigstoreKey signs every image it writes, and the signature verifies"() {
        given:
        def image = Images.single(registry.ref('staging/app:v1'))

        when:
        def run = mirror(plan('pass.txt').toString())

        then:
        run.exitCode == 0
        def signatures = new SigstoreAttachments(client, 'team/app').read(image.digest())
        signatures.size() == 1
        new SigstorePayloadVerifier([SigstoreKeys.readPublicKey(key.publicKey())])
                .verify(signatures[0], image.raw()) { it == "${registry.host}/team/app:v1" } != null
    }

    def "a wrong passphrase is a mistake in the plan at its line: exit 2, nothing copied"() {
        given:
        def image = Images.single(registry.ref('staging/app:v1'))
        client.headManifest('team/app', 'v1').ifPresent { client.deleteManifest('team/app', it.digest()) }

        when:
        def run = mirror(plan('wrong.txt').toString())

        then:
        run.exitCode == 2
        run.err.trim() == "signed.groovy, line 8: private key ${key.privateKey()} could not be decrypted: wrong passphrase, or the file was altered;" +
                " expected signBySigstoreKey 'key.private', passphraseFile: 'pass.txt' (sign each image written with this sigstore private key)"
        client.headManifest('team/app', 'v1').isEmpty()
    }
}
