package dev.skiff.trust.sigstore

import dev.skiff.model.ManifestDigest
import dev.skiff.registry.RegistryClient
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.transport.registry.SigstoreAttachments
import dev.skiff.trust.Signature
import dev.skiff.trust.SigstoreSignature
import groovy.json.JsonOutput
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * copy and sync with {@code --sign-by-sigstore-private-key} into a real registry (signatures as
 * {@code sha256-HEX.sig} attachments, registries.d {@code use-sigstore-attachments: true}), and back
 * out under a policy.json {@code sigstoreSigned} requirement: accepted when signed by the key for
 * this image and name, refused with nothing written otherwise.
 */
class SigstoreCopySpec extends Specification {
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start()
    @Shared @AutoCleanup RegistryClient client
    @Shared @TempDir Path shared
    @Shared SigstoreKeyPair.KeyFiles key
    @Shared SigstoreKeyPair.KeyFiles otherKey
    @Shared Path passphrase
    @Shared Path registriesD
    @Shared Path insecure

    @TempDir Path dir

    def setupSpec() {
        client = RegistryClient.forRegistry(registry.host, Images.PLAIN_HTTP)
        key = SigstoreKeys.generate('s3cret'.bytes).writeTo(shared.resolve('key').toString())
        otherKey = SigstoreKeys.generate('s3cret'.bytes).writeTo(shared.resolve('other').toString())
        passphrase = shared.resolve('pass.txt')
        Files.writeString(passphrase, 's3cret\n')
        registriesD = Files.createDirectories(shared.resolve('registries.d'))
        Files.writeString(registriesD.resolve('local.yaml'), "docker:\n  ${registry.host}:\n    use-sigstore-attachments: true\n")
        insecure = shared.resolve('insecure.json')
        Files.writeString(insecure, '{"default":[{"type":"insecureAcceptAnything"}]}')
    }

    /** Images under HOST/team must be signed with {@code publicKey} for {@code identity}; anything else is rejected. */
    Path policy(Path publicKey, Map identity = null) {
        def requirement = [type: 'sigstoreSigned', keyPath: publicKey.toString()]
        if (identity) requirement.signedIdentity = identity
        def file = Files.createTempFile(dir, 'policy', '.json')
        Files.writeString(file, JsonOutput.toJson([default: [[type: 'reject']], transports: [docker: [(registry.host + '/team'): [requirement]]]]))
        file
    }

    Cli push(String source, String destination, String... extra) {
        Cli.run(*(['copy', '--policy', insecure.toString(), '--registries.d', registriesD.toString(), '--dest-tls-verify=false',
                   '--sign-by-sigstore-private-key', key.privateKey().toString(), '--sign-passphrase-file', passphrase.toString()]
                + extra.toList() + [source, destination]))
    }

    Cli pull(Path policy, String source, String destination) {
        Cli.run('copy', '--policy', policy.toString(), '--registries.d', registriesD.toString(), '--src-tls-verify=false', source, destination)
    }

    def "copy --sign-by-sigstore-private-key pushes the image with its signature as the sha256-HEX.sig attachment, which verifies"() {
        given:
        def image = Images.single("oci:${dir}/src:v1")

        when:
        def run = push("oci:${dir}/src:v1", registry.ref('team/app:v1'))

        then:
        run.exitCode == 0
        def signatures = new SigstoreAttachments(client, 'team/app').read(image.digest())
        signatures.size() == 1
        new SigstorePayloadVerifier([SigstoreKeys.readPublicKey(key.publicKey())])
                .verify(signatures[0], image.raw()) { it == "${registry.host}/team/app:v1" } != null

        and: 'skopeo copies it with the signature, which the python peer verifies'
        Tools.skopeo('--registries.d', registriesD.toString(), 'copy', '--src-tls-verify=false', registry.ref('team/app:v1'), "dir:${dir}/by-skopeo")
        def copied = Signature.fromBlob(Files.readAllBytes(dir.resolve('by-skopeo/signature-1'))) as SigstoreSignature
        CosignPeer.run('verify', key.publicKey().toString(), CosignPeer.file(dir, 'sig.json', SigstoreSigningSpec.blobJson(copied)))
                .contains("\"docker-reference\":\"${registry.host}/team/app:v1\"")
    }

    def "copied back out under a sigstoreSigned policy, the signed image is accepted"() {
        given:
        def image = Images.single("oci:${dir}/src:v1")
        push("oci:${dir}/src:v1", registry.ref('team/accepted:v1'))

        when:
        def run = pull(policy(key.publicKey()), registry.ref('team/accepted:v1'), "dir:${dir}/out")

        then: 'the signature came along (dir: keeps signatures)'
        run.exitCode == 0
        run.out.contains(image.digest().toString())
        Signature.fromBlob(Files.readAllBytes(dir.resolve('out/signature-1'))) instanceof SigstoreSignature
    }

    def "a #what is refused under sigstoreSigned with the reason, and nothing is written"() {
        given:
        Images.single("oci:${dir}/src:v1")
        setup.call(this, dir)

        when:
        def run = pull(policy(policyKey.call(this)), registry.ref(source), "dir:${dir}/out")

        then:
        run.exitCode == 1
        run.err.contains('is refused by policy')
        run.err.contains(reason)
        !Files.exists(dir.resolve('out'))

        where:
        what                                  | source              | policyKey             | setup                                                                                    | reason
        'image signed by another key'         | 'team/wrongkey:v1'  | { otherKey.publicKey() } | { s, d -> s.push("oci:${d}/src:v1", s.registry.ref('team/wrongkey:v1')) }              | 'cryptographic signature verification failed: not signed by the EC key'
        'image signed for another name'       | 'team/moved:v1'     | { key.publicKey() }   | { s, d -> s.push("oci:${d}/src:v1", s.registry.ref('team/orig:v1')); s.carry('team/orig:v1', 'team/moved:v1') } | "signature for identity \"${registry.host}/team/orig:v1\" is not accepted"
        'unsigned image'                      | 'team/unsigned:v1'  | { key.publicKey() }   | { s, d -> Images.single(s.registry.ref('team/unsigned:v1')) }                           | 'a signature was required, but no signature exists'
        'signature whose payload was altered' | 'team/tampered:v1'  | { key.publicKey() }   | { s, d -> s.push("oci:${d}/src:v1", s.registry.ref('team/tampered:v1')); s.tamper('team/tampered', "oci:${d}/src:v1") } | 'cryptographic signature verification failed'
    }

    /** Copies with the signatures carried (the attachment moves with the image; its payload still names the old name). */
    void carry(String from, String to) {
        def run = Cli.run('copy', '--policy', insecure.toString(), '--registries.d', registriesD.toString(),
                '--src-tls-verify=false', '--dest-tls-verify=false', registry.ref(from), registry.ref(to))
        assert run.exitCode == 0: run.toString()
    }

    /** Adds a signature whose payload claims the same image but was changed after signing. */
    void tamper(String repository, String layout) {
        def manifest = dev.skiff.transport.Transports.parse(layout).openSource(dev.skiff.transport.TransportOptions.defaults()).manifest()
        def attachments = new SigstoreAttachments(client, repository)
        def good = attachments.read(manifest.digest())[0]
        def text = new String(good.untrustedPayload(), 'UTF-8').replace('"timestamp":', '"timestamp":1')
        attachments.write(manifest.digest(), [new SigstoreSignature(good.untrustedMimeType(), text.bytes, good.untrustedAnnotations())])
        // keep only the altered one: the good signature would be accepted
        def raw = new groovy.json.JsonSlurper().parseText(new String(client.getManifest(repository, SigstoreAttachments.tag(manifest.digest())).raw()))
        raw.layers = [raw.layers[1]]
        client.putManifest(repository, SigstoreAttachments.tag(manifest.digest()), JsonOutput.toJson(raw).bytes, 'application/vnd.oci.image.manifest.v1+json')
    }

    def "a registry without use-sigstore-attachments refuses a sigstore signature before anything is written"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def elsewhere = Files.createDirectories(dir.resolve('plain.d'))

        when:
        def run = Cli.run('copy', '--policy', insecure.toString(), '--registries.d', elsewhere.toString(), '--dest-tls-verify=false',
                '--sign-by-sigstore-private-key', key.privateKey().toString(), '--sign-passphrase-file', passphrase.toString(),
                "oci:${dir}/src:v1", registry.ref('team/nowhere:v1'))

        then:
        run.exitCode == 1
        run.err.contains("registries.d does not set use-sigstore-attachments: true for ${registry.host}/team/nowhere")
        client.headManifest('team/nowhere', 'v1').isEmpty()
    }

    def "a wrong passphrase fails before anything is written"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def wrong = dir.resolve('wrong.txt')
        Files.writeString(wrong, 'nope\n')

        when:
        def run = Cli.run('copy', '--policy', insecure.toString(), '--registries.d', registriesD.toString(), '--dest-tls-verify=false',
                '--sign-by-sigstore-private-key', key.privateKey().toString(), '--sign-passphrase-file', wrong.toString(),
                "oci:${dir}/src:v1", registry.ref('team/wrongpass:v1'))

        then:
        run.exitCode == 1
        run.err.trim() == "Error: private key ${key.privateKey()} could not be decrypted: wrong passphrase, or the file was altered"
        client.headManifest('team/wrongpass', 'v1').isEmpty()
    }

    def "sync --sign-by-sigstore-private-key signs every image it writes"() {
        given:
        Images.single(registry.ref('src/one:v1'))
        Images.single(registry.ref('src/one:v2'))

        when:
        def run = Cli.run('sync', '--policy', insecure.toString(), '--registries.d', registriesD.toString(),
                '--src-tls-verify=false', '--dest-tls-verify=false',
                '--sign-by-sigstore-private-key', key.privateKey().toString(), '--sign-passphrase-file', passphrase.toString(),
                '--src', 'docker', '--dest', 'docker', "${registry.host}/src/one", "${registry.host}/team")

        then:
        run.exitCode == 0

        and: 'both tags pass the policy'
        ['v1', 'v2'].every { tag ->
            pull(policy(key.publicKey()), registry.ref("team/one:${tag}"), "dir:${dir}/out-${tag}").exitCode == 0
        }
    }

    def "an image the python peer signed and skopeo pushed passes Skiff's sigstoreSigned policy, and Skiff carries its signature on"() {
        given: 'the image in dir: with a signature by the peer, pushed by skopeo'
        Images.single(registry.ref('staging/peer:v1'))
        def out = dir.resolve('peer-dir')
        Tools.skopeo('copy', '--src-tls-verify=false', registry.ref('staging/peer:v1'), "dir:${out}")
        def manifest = Files.readAllBytes(out.resolve('manifest.json'))
        CosignPeer.run('generate', dir.resolve('peer').toString(), 'pw')
        def json = CosignPeer.run('sign', dir.resolve('peer.private').toString(), 'pw', ManifestDigest.of(manifest).toString(),
                "${registry.host}/team/peer:v1").trim()
        def blob = new ByteArrayOutputStream()
        blob.write(0)
        blob.write('sigstore-json\n'.bytes)
        blob.write(json.bytes)
        Files.write(out.resolve('signature-1'), blob.toByteArray())
        Tools.skopeo('--registries.d', registriesD.toString(), 'copy', '--dest-tls-verify=false', "dir:${out}", registry.ref('team/peer:v1'))

        when:
        def run = pull(policy(dir.resolve('peer.pub')), registry.ref('team/peer:v1'), "dir:${dir}/checked")

        then:
        run.exitCode == 0
        def carried = Signature.fromBlob(Files.readAllBytes(dir.resolve('checked/signature-1'))) as SigstoreSignature
        def made = Signature.fromBlob(Files.readAllBytes(out.resolve('signature-1'))) as SigstoreSignature
        carried.untrustedPayload() == made.untrustedPayload()
        carried.untrustedAnnotations() == made.untrustedAnnotations()
    }
}
