package dev.skiff.trust.sigstore

import dev.skiff.SkiffException
import dev.skiff.model.ManifestDigest
import dev.skiff.model.MediaType
import dev.skiff.name.Digest
import dev.skiff.registry.RegistryClient
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import dev.skiff.transport.registry.SigstoreAttachments
import dev.skiff.trust.Signature
import dev.skiff.trust.SigstoreSignature
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Sigstore attachments ({@code sha256-HEX.sig}) in a real registry, with skopeo 1.9.3 as the peer for
 * storage: Debian's build cannot sign or verify sigstore signatures, but with registries.d's
 * {@code use-sigstore-attachments: true} it still copies them between a registry and {@code dir:}.
 */
class SigstoreAttachmentsSpec extends Specification {
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start()
    @Shared @AutoCleanup RegistryClient client
    @Shared @TempDir Path shared
    @Shared SigstoreKeyPair.KeyFiles key
    @Shared Path registriesD

    @TempDir Path dir

    def setupSpec() {
        client = RegistryClient.forRegistry(registry.host, Images.PLAIN_HTTP)
        key = SigstoreKeys.generate('pw'.bytes).writeTo(shared.resolve('key').toString())
        registriesD = Files.createDirectories(shared.resolve('registries.d'))
        Files.writeString(registriesD.resolve('default.yaml'), "docker:\n  ${registry.host}:\n    use-sigstore-attachments: true\n")
    }

    SigstoreSignature sign(byte[] manifest, String reference) {
        new SigstoreSigner(SigstoreKeys.readPrivateKey(key.privateKey(), 'pw'.bytes)).sign(manifest, reference)
    }

    String skopeo(String... args) {
        Tools.skopeo(*(['--registries.d', registriesD.toString()] + args.toList()))
    }

    byte[] attachmentManifest(String repository, Digest digest) {
        client.getManifest(repository, SigstoreAttachments.tag(digest)).raw()
    }

    def "the attachment tag is sha256-HEX.sig"() {
        expect:
        SigstoreAttachments.tag(Digest.parse('sha256:' + 'ab' * 32)) == 'sha256-' + 'ab' * 32 + '.sig'
    }

    def "Skiff writes the attachment manifest and config byte for byte as skopeo writes them for the same signature"() {
        given: 'one image in two repositories, and one signature'
        def image = Images.single(registry.ref('same/skiff:v1'))
        skopeo('copy', '--src-tls-verify=false', '--dest-tls-verify=false', registry.ref('same/skiff:v1'), registry.ref('same/skopeo:v1'))
        def signature = sign(image.raw(), "${registry.host}/same/skiff:v1")

        when: 'Skiff stores it in one; skopeo copies a dir: holding it into the other'
        new SigstoreAttachments(client, 'same/skiff').write(image.digest(), [signature])
        def out = dir.resolve('out')
        skopeo('copy', '--src-tls-verify=false', registry.ref('same/skopeo:v1'), "dir:${out}")
        Files.write(out.resolve('signature-1'), signature.toBlob())
        skopeo('copy', '--dest-tls-verify=false', "dir:${out}", registry.ref('same/skopeo:v1'))

        then:
        new String(attachmentManifest('same/skiff', image.digest())) == new String(attachmentManifest('same/skopeo', image.digest()))
    }

    def "skopeo copies a signature Skiff stored as an attachment into dir:, and it verifies there"() {
        given:
        def image = Images.single(registry.ref('team/app:v1'))
        def signature = sign(image.raw(), "${registry.host}/team/app:v1")
        new SigstoreAttachments(client, 'team/app').write(image.digest(), [signature])

        when:
        def out = dir.resolve('out')
        skopeo('copy', '--src-tls-verify=false', registry.ref('team/app:v1'), "dir:${out}")
        def copied = Signature.fromBlob(Files.readAllBytes(out.resolve('signature-1'))) as SigstoreSignature

        then:
        copied.untrustedPayload() == signature.untrustedPayload()
        copied.untrustedAnnotations() == signature.untrustedAnnotations()
        new SigstorePayloadVerifier([SigstoreKeys.readPublicKey(key.publicKey())])
                .verify(copied, Files.readAllBytes(out.resolve('manifest.json'))) { it == "${registry.host}/team/app:v1" }
    }

    def "Skiff reads the attachment skopeo stored for a signature the python peer made, and verifies it"() {
        given: 'an image in dir: with a signature the peer made'
        Images.single(registry.ref('peer/app:src'))
        def out = dir.resolve('out')
        skopeo('copy', '--src-tls-verify=false', registry.ref('peer/app:src'), "dir:${out}")
        def manifest = Files.readAllBytes(out.resolve('manifest.json'))
        CosignPeer.run('generate', dir.resolve('peer').toString(), 'pw')
        def json = CosignPeer.run('sign', dir.resolve('peer.private').toString(), 'pw', ManifestDigest.of(manifest).toString(),
                "${registry.host}/peer/app:v1").trim()
        def blob = new ByteArrayOutputStream()
        blob.write(0)
        blob.write('sigstore-json\n'.bytes)
        blob.write(json.bytes)
        Files.write(out.resolve('signature-1'), blob.toByteArray())

        when: 'skopeo pushes it, and Skiff reads the attachments back'
        skopeo('copy', '--dest-tls-verify=false', "dir:${out}", registry.ref('peer/app:v1'))
        def signatures = new SigstoreAttachments(client, 'peer/app').read(ManifestDigest.of(manifest))

        then:
        signatures.size() == 1
        signatures[0].untrustedMimeType() == SigstoreSignature.SIMPLE_SIGNING_MIME_TYPE
        new SigstorePayloadVerifier([SigstoreKeys.readPublicKey(dir.resolve('peer.pub'))])
                .verify(signatures[0], manifest) { it == "${registry.host}/peer/app:v1" }.dockerReference() == "${registry.host}/peer/app:v1"
    }

    def "writing the same signature twice keeps one layer; another signature is added after it"() {
        given:
        def image = Images.single(registry.ref('twice/app:v1'))
        def first = sign(image.raw(), "${registry.host}/twice/app:v1")
        def second = sign(image.raw(), "${registry.host}/twice/app:v2")
        def attachments = new SigstoreAttachments(client, 'twice/app')

        when:
        attachments.write(image.digest(), [first])
        def once = attachmentManifest('twice/app', image.digest())
        attachments.write(image.digest(), [first])

        then: 'nothing new: the manifest was not rewritten'
        attachmentManifest('twice/app', image.digest()) == once

        when:
        attachments.write(image.digest(), [second, first])

        then:
        attachments.read(image.digest())*.untrustedPayload() == [first.untrustedPayload(), second.untrustedPayload()]
    }

    def "an image without attachments has no signatures"() {
        given:
        def image = Images.single(registry.ref('bare/app:v1'))

        expect:
        new SigstoreAttachments(client, 'bare/app').read(image.digest()) == []
    }

    def "an attachment layer larger than 4 MiB is refused before it is read"() {
        given:
        def image = Images.single(registry.ref('big/app:v1'))
        byte[] payload = new byte[4 * 1024 * 1024 + 1]
        def layer = Digest.sha256(payload)
        client.uploadBlob('big/app', layer, payload.length, new ByteArrayInputStream(payload))
        byte[] config = '{}'.bytes
        client.uploadBlob('big/app', Digest.sha256(config), config.length, new ByteArrayInputStream(config))
        def manifest = """{"schemaVersion":2,"mediaType":"${MediaType.OCI_MANIFEST}","config":{"mediaType":"${MediaType.OCI_CONFIG}","digest":"${Digest.sha256(config)}","size":2},"layers":[{"mediaType":"${SigstoreSignature.SIMPLE_SIGNING_MIME_TYPE}","digest":"${layer}","size":${payload.length}}]}"""
        client.putManifest('big/app', SigstoreAttachments.tag(image.digest()), manifest.bytes, MediaType.OCI_MANIFEST)

        when:
        new SigstoreAttachments(client, 'big/app').read(image.digest())

        then:
        def e = thrown(SkiffException)
        e.message == "sigstore attachment ${layer} in big/app is 4194305 bytes, more than the 4 MiB a signature may be"
    }

    def "Debian's skopeo 1.9.3 carries sigstore signatures but cannot sign or check them (sigstore compiled out)"() {
        given:
        def image = Images.single(registry.ref('debian/app:v1'))
        new SigstoreAttachments(client, 'debian/app').write(image.digest(), [sign(image.raw(), "${registry.host}/debian/app:v1")])
        def policy = dir.resolve('policy.json')
        Files.writeString(policy, """{"default":[{"type":"sigstoreSigned","keyPath":"${key.publicKey()}"}]}""")

        when:
        def check = new ProcessBuilder('skopeo', '--policy', policy.toString(), '--registries.d', registriesD.toString(), 'copy',
                '--src-tls-verify=false', registry.ref('debian/app:v1'), "dir:${dir}/checked").redirectErrorStream(true).start()
        def checkOut = check.inputStream.text
        def insecure = dir.resolve('insecure.json')
        Files.writeString(insecure, '{"default":[{"type":"insecureAcceptAnything"}]}')
        Files.writeString(dir.resolve('pw.txt'), 'pw\n')
        def sign = new ProcessBuilder('skopeo', '--policy', insecure.toString(), 'copy', '--src-tls-verify=false',
                '--sign-by-sigstore-private-key', key.privateKey().toString(), '--sign-passphrase-file', dir.resolve('pw.txt').toString(),
                '--sign-identity', 'x.example/a:v1', registry.ref('debian/app:v1'), "dir:${dir}/signed").redirectErrorStream(true).start()
        def signOut = sign.inputStream.text

        then:
        check.waitFor() != 0
        checkOut.contains('Debian-local change: sigstore disabled')
        sign.waitFor() != 0
        signOut.contains('creating signature: Debian-local change: sigstore disabled')
    }
}
