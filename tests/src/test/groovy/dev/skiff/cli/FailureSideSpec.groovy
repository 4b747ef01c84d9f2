package dev.skiff.cli

import dev.skiff.Side
import dev.skiff.Skiff
import dev.skiff.SkiffException
import dev.skiff.copy.CopyListener
import dev.skiff.copy.CopyOptions
import dev.skiff.model.ImageManifest
import dev.skiff.model.Platform
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.transport.TransportOptions
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * The copy engine marks each failure with the side it came from, so a command can advise that
 * side's flags: here a plain-HTTP registry reached with TLS verification on, once as the
 * destination and once as the source, and a source blob that fails its digest check.
 */
class FailureSideSpec extends Specification {
    static final TransportOptions VERIFIED = TransportOptions.defaults()

    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    def setupSpec() {
        Images.single(registry.ref('team/app:v1'))
    }

    def "a push to a registry that refuses TLS fails on the destination side"() {
        given:
        Images.single("oci:${dir}/layout:v1")

        when:
        Skiff.copy("oci:${dir}/layout:v1", registry.ref('team/pushed:v1'), CopyOptions.defaults(), VERIFIED, VERIFIED, CopyListener.NONE)

        then:
        def e = thrown(SkiffException)
        e.side() == Side.DESTINATION
    }

    def "a pull from a registry that refuses TLS fails on the source side"() {
        when:
        Skiff.copy(registry.ref('team/app:v1'), "oci:${dir}/pulled:v1", CopyOptions.defaults(), VERIFIED, VERIFIED, CopyListener.NONE)

        then:
        def e = thrown(SkiffException)
        e.side() == Side.SOURCE
    }

    def "verify against a registry that refuses TLS fails on the destination side"() {
        given:
        Images.single("oci:${dir}/layout:v1")

        when:
        Skiff.verify("oci:${dir}/layout:v1", registry.ref('team/app:v1'), false, Platform.current(), VERIFIED, VERIFIED)

        then:
        def e = thrown(SkiffException)
        e.side() == Side.DESTINATION
    }

    def "a source blob whose bytes do not match its digest is the source's failure, though the destination was reading it"() {
        given:
        def image = Images.single("oci:${dir}/a:v1") as ImageManifest
        def blob = dir.resolve("a/blobs/sha256/${image.layers()[0].digest().hex()}")
        def bytes = Files.readAllBytes(blob)
        bytes[bytes.length - 1] ^= 1
        Files.write(blob, bytes)

        when:
        Skiff.copy("oci:${dir}/a:v1", "oci:${dir}/b:v1", CopyOptions.defaults(), VERIFIED, VERIFIED, CopyListener.NONE)

        then:
        def e = thrown(SkiffException)
        e.side() == Side.SOURCE
    }
}
