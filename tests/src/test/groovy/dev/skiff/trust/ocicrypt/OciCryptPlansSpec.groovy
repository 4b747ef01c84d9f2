package dev.skiff.trust.ocicrypt

import dev.skiff.dsl.Mirror
import dev.skiff.rig.Images
import java.nio.file.Path
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** Encryption in sync and in mirror plans: the same keys as copy, carried by the plan. */
class OciCryptPlansSpec extends Specification {
    @Shared
    @TempDir
    Path keyDir

    @Shared
    Keys keys

    @TempDir
    Path dir

    def setupSpec() {
        keys = new Keys(keyDir)
    }

    def cleanupSpec() {
        keys?.close()
    }

    def "sync --encryption-key encrypts every image it copies, and skopeo decrypts them"() {
        given:
        Images.single("oci:${dir}/src:v1")
        def plain = Peers.manifest(dir.resolve('src'), 'v1')

        when:
        def run = Peers.skiff(keys.env(), 'sync', '--src', 'oci', '--dest', 'oci', '--encryption-key', "jwe:${keys.path('pub.pem')}", "${dir}/src", "${dir}/mirror")

        then:
        run.exitCode == 0
        def layout = dir.resolve('mirror')
        def enc = Peers.manifest(layout, 'v1')
        enc.layers.every { it.mediaType.endsWith('+encrypted') }

        when:
        Peers.skopeo(keys.env(), 'copy', '--decryption-key', keys.path('priv.pem'), "oci:${layout}:v1", "oci:${dir}/dec:v1")

        then:
        Peers.manifest(dir.resolve('dec'), 'v1').layers*.digest == plain.layers*.digest
    }

    def "a mirror plan's encrypt and decrypt words become the plan's layer crypto; a bad key is reported as a plan mistake"() {
        when:
        def plans = Mirror.plan("""
            mirror {
                from oci('${dir}/src')
                to oci('${dir}/out')
                encrypt 'jwe:${keys.path('pub.pem')}', layers: [-1]
                decrypt '${keys.path('priv.pem')}'
            }
        """)

        then:
        plans.size() == 1
        plans[0].crypto().encrypts()
        plans[0].crypto().decrypts()
        plans[0].crypto().encryptsLayer(2, 3)
        !plans[0].crypto().encryptsLayer(0, 3)

        when:
        Mirror.plan("""
            mirror {
                from oci('${dir}/src')
                to oci('${dir}/out')
                encrypt 'rot13:${keys.path('pub.pem')}'
            }
        """)

        then:
        def e = thrown(Exception)
        e.message.contains('unknown protocol "rot13"')
        e.message.contains("encrypt 'jwe:/keys/pub.pem'")
    }
}
