package dev.skiff.trust.ocicrypt

import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir
import spock.lang.Unroll

/**
 * Encrypted images both ways with skopeo 1.9.3 (its ocicrypt) as the peer: what Skiff encrypts,
 * skopeo decrypts to the source's layers (and the same config, so the same diff_ids), and the
 * other way round, for jwe, pkcs7 and pgp, in layouts and through a real registry.
 */
class OciCryptInteropSpec extends Specification {
    @Shared
    @TempDir
    Path keyDir

    @Shared
    Keys keys

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    def setupSpec() {
        keys = new Keys(keyDir)
    }

    def cleanupSpec() {
        keys?.close()
    }

    static final Map<String, List<String>> DECRYPT = [
            jwe  : ['priv.pem'],
            pkcs7: ['cert-key.pem', 'cert.pem'],
            pgp  : ['gpg-secret.gpg'],
            'pgp-file': ['gpg-secret.gpg'],
    ]

    String recipient(String protocol) {
        protocol == 'jwe' ? "jwe:${keys.path('pub.pem')}" : protocol == 'pkcs7' ? "pkcs7:${keys.path('cert.pem')}"
                : protocol == 'pgp-file' ? "pgp:${keys.path('pgp-pub.asc')}" : 'pgp:skiff@example.com'
    }

    List<String> decryptionFlags(String protocol) {
        DECRYPT[protocol].collectMany { ['--decryption-key', keys.path(it)] }
    }

    @Unroll
    def "Skiff encrypts for #protocol as ocicrypt does, and skopeo decrypts it to the source's layers and config"() {
        given:
        Images.single("oci:${dir}/plain:v1")
        def plain = Peers.manifest(dir.resolve('plain'), 'v1')

        when:
        def run = Peers.skiff(keys.env(), 'copy', '--encryption-key', recipient(protocol), "oci:${dir}/plain:v1", "oci:${dir}/enc:v1")
        def enc = Peers.manifest(dir.resolve('enc'), 'v1')

        then: 'every layer is encrypted, typed and annotated as ocicrypt writes it'
        run.exitCode == 0
        run.out.contains('encrypted 2 layers (ocicrypt)')
        enc.layers.every { it.mediaType == 'application/vnd.oci.image.layer.v1.tar+gzip+encrypted' }
        enc.layers.every { it.annotations.keySet() == ["org.opencontainers.image.enc.keys.${protocol - '-file'}".toString(), 'org.opencontainers.image.enc.pubopts'] as Set }
        enc.layers*.digest.intersect(plain.layers*.digest).isEmpty()
        enc.config == plain.config

        when:
        Peers.skopeo(keys.env(), *(['copy'] + decryptionFlags(protocol) + ["oci:${dir}/enc:v1", "oci:${dir}/dec:v1"]))
        def dec = Peers.manifest(dir.resolve('dec'), 'v1')

        then: 'skopeo gets the source layers back, byte for byte'
        dec.layers*.digest == plain.layers*.digest
        dec.layers*.mediaType == plain.layers*.mediaType
        dec.config.digest == plain.config.digest

        where:
        protocol << ['jwe', 'pkcs7', 'pgp', 'pgp-file']
    }

    def "Skiff encrypts every image of a multi-platform index (--all); skopeo decrypts it back to the very same index"() {
        given:
        def index = Images.multi("oci:${dir}/multi:v1")

        when:
        def run = Peers.skiff(keys.env(), 'copy', '--all', '--encryption-key', recipient('jwe'), "oci:${dir}/multi:v1", "oci:${dir}/enc:v1")
        Peers.skopeo(keys.env(), 'copy', '--all', '--decryption-key', keys.path('priv.pem'), "oci:${dir}/enc:v1", "oci:${dir}/dec:v1")

        then:
        run.exitCode == 0
        Peers.skopeo([:], 'inspect', '--raw', "oci:${dir}/dec:v1").trim() == new String(index.raw(), 'UTF-8').trim()
    }

    @Unroll
    def "skopeo encrypts for #protocol and pushes to a registry; Skiff pulls and decrypts it to the source's layers"() {
        given:
        Images.single("oci:${dir}/plain:v1")
        def plain = Peers.manifest(dir.resolve('plain'), 'v1')
        def remote = registry.ref("enc/${protocol}:v1")
        Peers.skopeo(keys.env(), 'copy', '--dest-tls-verify=false', '--encryption-key', recipient(protocol), "oci:${dir}/plain:v1", remote)

        when:
        def run = Peers.skiff(keys.env(), *(['copy', '--src-tls-verify=false'] + decryptionFlags(protocol) + [remote, "oci:${dir}/dec:v1"]))
        def dec = Peers.manifest(dir.resolve('dec'), 'v1')

        then:
        run.exitCode == 0
        run.out.contains('decrypted 2 encrypted layers')
        dec.layers*.digest == plain.layers*.digest
        dec.layers*.mediaType == plain.layers*.mediaType
        dec.layers.every { !it.annotations }
        dec.config.digest == plain.config.digest

        where:
        protocol << ['jwe', 'pkcs7', 'pgp']
    }

    def "skopeo encrypts only the last layer (--encrypt-layer -1); Skiff decrypts that one and copies the first as it was"() {
        given:
        Images.single("oci:${dir}/plain:v1", [layers: 3])
        def plain = Peers.manifest(dir.resolve('plain'), 'v1')
        def remote = registry.ref('enc/last:v1')
        Peers.skopeo(keys.env(), 'copy', '--dest-tls-verify=false', '--encryption-key', recipient('jwe'), '--encrypt-layer', '-1', "oci:${dir}/plain:v1", remote)

        when:
        def inspect = Peers.skiff(keys.env(), 'inspect', '--tls-verify=false', remote)

        then: 'inspect shows which layer is encrypted'
        inspect.exitCode == 0
        inspect.out.count('tar+gzip+encrypted') == 1
        inspect.out.contains('org.opencontainers.image.enc.keys.jwe')

        when:
        def run = Peers.skiff(keys.env(), 'copy', '--src-tls-verify=false', '--decryption-key', keys.path('priv.pem'), remote, "oci:${dir}/dec:v1")
        def dec = Peers.manifest(dir.resolve('dec'), 'v1')

        then:
        run.exitCode == 0
        run.out.contains('decrypted 1 encrypted layer')
        dec.layers*.digest == plain.layers*.digest
    }

    def "Skiff encrypts only the layers named (--encrypt-layer 0 and -1) for two recipients, and skopeo decrypts with either key"() {
        given:
        Images.single("oci:${dir}/plain:v1", [layers: 3])
        def plain = Peers.manifest(dir.resolve('plain'), 'v1')
        def remote = registry.ref('enc/some:v1')

        when:
        def run = Peers.skiff(keys.env(), 'copy', '--dest-tls-verify=false', '--encryption-key', recipient('jwe'), '--encryption-key', recipient('pgp'),
                '--encrypt-layer', '0', '--encrypt-layer', '-1', "oci:${dir}/plain:v1", remote)

        then:
        run.exitCode == 0

        when:
        Peers.skopeo(keys.env(), 'copy', '--src-tls-verify=false', remote, "oci:${dir}/as-is:v1")
        def enc = Peers.manifest(dir.resolve('as-is'), 'v1')

        then: 'layers 0 and 2 are encrypted for both recipients, layer 1 is the source layer'
        enc.layers*.mediaType.collect { it.endsWith('+encrypted') } == [true, false, true]
        enc.layers[1].digest == plain.layers[1].digest
        enc.layers[0].annotations.keySet().containsAll(['org.opencontainers.image.enc.keys.jwe', 'org.opencontainers.image.enc.keys.pgp'])

        when:
        Peers.skopeo(keys.env(), 'copy', '--src-tls-verify=false', '--decryption-key', keys.path('gpg-secret.gpg'), remote, "oci:${dir}/by-pgp:v1")
        Peers.skopeo(keys.env(), 'copy', '--src-tls-verify=false', '--decryption-key', keys.path('priv.pem'), remote, "oci:${dir}/by-jwe:v1")

        then:
        Peers.manifest(dir.resolve('by-pgp'), 'v1').layers*.digest == plain.layers*.digest
        Peers.manifest(dir.resolve('by-jwe'), 'v1').layers*.digest == plain.layers*.digest
    }

    def "an EC key (ECDH-ES) and a password-protected RSA key work both ways"() {
        given:
        Images.single("oci:${dir}/plain:v1")
        def plain = Peers.manifest(dir.resolve('plain'), 'v1')

        when: 'Skiff encrypts for an EC key; skopeo decrypts'
        def run = Peers.skiff(keys.env(), 'copy', '--encryption-key', "jwe:${keys.path('ec-pub.pem')}", "oci:${dir}/plain:v1", "oci:${dir}/ec:v1")
        Peers.skopeo(keys.env(), 'copy', '--decryption-key', keys.path('ec-p8.pem'), "oci:${dir}/ec:v1", "oci:${dir}/ec-dec:v1")

        then:
        run.exitCode == 0
        Peers.manifest(dir.resolve('ec-dec'), 'v1').layers*.digest == plain.layers*.digest

        when: 'skopeo encrypts for the RSA key; Skiff decrypts with the protected copy of it and its password'
        Peers.skopeo(keys.env(), 'copy', '--encryption-key', "jwe:${keys.path('pub.pem')}", "oci:${dir}/plain:v1", "oci:${dir}/rsa:v1")
        def dec = Peers.skiff(keys.env(), 'copy', '--decryption-key', "${keys.path('priv-locked.pem')}:s3cret", "oci:${dir}/rsa:v1", "oci:${dir}/rsa-dec:v1")

        then:
        dec.exitCode == 0
        Peers.manifest(dir.resolve('rsa-dec'), 'v1').layers*.digest == plain.layers*.digest
    }
}
