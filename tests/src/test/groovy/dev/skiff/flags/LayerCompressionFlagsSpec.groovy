package dev.skiff.flags

import dev.skiff.rig.Cli
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * skopeo's layer compression flags on copy: --dest-compress-format zstd (and zstd:chunked),
 * --dest-compress-level, --dest-compress and --dest-decompress for dir:,
 * --dest-oci-accept-uncompressed-layers for oci:; skopeo reads what Skiff writes, down to each
 * layer's uncompressed bytes matching the config's diff_ids.
 */
class LayerCompressionFlagsSpec extends Specification {
    @Shared @AutoCleanup RegistryRig registry = RegistryRig.start()
    @TempDir Path dir

    static String sha256(Path file) {
        'sha256:' + MessageDigest.getInstance('SHA-256').digest(Files.readAllBytes(file)).encodeHex().toString()
    }

    static Map json(String text) {
        new JsonSlurper().parseText(text) as Map
    }

    /** skopeo decompresses every layer into a dir: (its own zstd and gzip readers): each must hash to its diff_id. */
    void skopeoUnpacksToDiffIds(String reference, String... flags) {
        def plain = dir.resolve("plain-${System.nanoTime()}")
        Tools.skopeo(*(['copy', '--dest-decompress'] + flags.toList() + [reference, "dir:${plain}".toString()]))
        def manifest = json(Files.readString(plain.resolve('manifest.json')))
        def config = json(Files.readString(plain.resolve(manifest.config.digest.split(':')[1])))
        def layers = manifest.layers.collect { sha256(plain.resolve(it.digest.split(':')[1])) }
        assert layers == config.rootfs.diff_ids
    }

    def "--dest-compress-format zstd re-compresses gzip layers as zstd, and skopeo reads them back to the same diff_ids"() {
        given:
        assert Cli.run('sample-image', '--layers', '2', "oci:${dir}/src:v1").exitCode == 0

        when:
        def run = Cli.run('copy', '--dest-compress-format', format, '--dest-compress-level', '7',
                "oci:${dir}/src:v1", "oci:${dir}/z:v1")

        then:
        run.exitCode == 0
        run.out.contains('re-compressed layers with zstd, as asked')
        def manifest = json(Tools.skopeo('inspect', '--raw', "oci:${dir}/z:v1"))
        manifest.layers*.mediaType == ['application/vnd.oci.image.layer.v1.tar+zstd'] * 2
        manifest.layers.every { (Files.readAllBytes(dir.resolve("z/blobs/sha256/${it.digest.split(':')[1]}"))[0..3] as List) == [0x28, 0xb5, 0x2f, 0xfd].collect { it as byte } }
        skopeoUnpacksToDiffIds("oci:${dir}/z:v1")

        where:
        format << ['zstd', 'zstd:chunked']
    }

    def "zstd through a registry: a v2s2 image becomes OCI (v2s2 has no zstd layers), skopeo pulls and unpacks it, Skiff reads it back as gzip"() {
        given:
        assert Cli.run('sample-image', '--format', 'docker', '--layers', '2', "dir:${dir}/src").exitCode == 0
        def ref = registry.ref('team/zstd:v1')

        when:
        def push = Cli.run('copy', '--dest-tls-verify=false', '--dest-compress-format', 'zstd', "dir:${dir}/src", ref)

        then:
        push.exitCode == 0
        push.out.contains('as v2s2 has no zstd layers')
        def manifest = json(Tools.skopeo('inspect', '--raw', '--tls-verify=false', ref))
        manifest.mediaType == 'application/vnd.oci.image.manifest.v1+json'
        manifest.layers*.mediaType.every { it.endsWith('+zstd') }
        skopeoUnpacksToDiffIds(ref, '--src-tls-verify=false')

        when: 'Skiff pulls it back, re-compressing as gzip'
        def pull = Cli.run('copy', '--src-tls-verify=false', '--dest-compress-format', 'gzip', ref, "oci:${dir}/back:v1")

        then:
        pull.exitCode == 0
        json(Tools.skopeo('inspect', '--raw', "oci:${dir}/back:v1")).layers*.mediaType.every { it.endsWith('+gzip') }
        skopeoUnpacksToDiffIds("oci:${dir}/back:v1")
    }

    def "--dest-decompress stores plain tars in a dir:, each equal to its diff_id"() {
        given:
        assert Cli.run('sample-image', "oci:${dir}/src:v1").exitCode == 0

        when:
        def run = Cli.run('copy', '--dest-decompress', "oci:${dir}/src:v1", "dir:${dir}/plain")
        def manifest = json(Files.readString(dir.resolve('plain/manifest.json')))
        def config = json(Files.readString(dir.resolve("plain/${manifest.config.digest.split(':')[1]}")))

        then:
        run.exitCode == 0
        manifest.layers*.mediaType.every { !it.contains('gzip') }
        manifest.layers.collect { sha256(dir.resolve("plain/${it.digest.split(':')[1]}")) } == config.rootfs.diff_ids
    }

    def "--dest-compress gzips uncompressed layers into a dir:, which otherwise keeps them as they are"() {
        given:
        assert Cli.run('sample-image', '--compression', 'none', "oci:${dir}/src:v1").exitCode == 0

        when:
        def kept = Cli.run('copy', "oci:${dir}/src:v1", "dir:${dir}/kept")
        def compressed = Cli.run('copy', '--dest-compress', "oci:${dir}/src:v1", "dir:${dir}/gz")

        then:
        kept.exitCode == 0
        compressed.exitCode == 0
        json(Files.readString(dir.resolve('kept/manifest.json'))).layers*.mediaType.every { !it.contains('gzip') }
        json(Files.readString(dir.resolve('gz/manifest.json'))).layers*.mediaType.every { it.endsWith('gzip') }
        skopeoUnpacksToDiffIds("dir:${dir}/gz")
    }

    def "--dest-oci-accept-uncompressed-layers keeps an uncompressed image's digest in an oci: layout, which otherwise gzips"() {
        given:
        assert Cli.run('sample-image', '--compression', 'none', "dir:${dir}/src").exitCode == 0
        def source = Cli.run('manifest-digest', dir.resolve('src/manifest.json').toString()).out.trim()

        when:
        def kept = Cli.run('copy', '--dest-oci-accept-uncompressed-layers', "dir:${dir}/src", "oci:${dir}/kept:v1")
        def gzipped = Cli.run('copy', "dir:${dir}/src", "oci:${dir}/gz:v1")

        then:
        kept.exitCode == 0
        gzipped.exitCode == 0
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${dir}/kept:v1").trim() == source
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${dir}/gz:v1").trim() != source
    }

    def "a compression the flags cannot express is bad usage: #args"() {
        when:
        def run = Cli.run(*(['copy'] + args + ["oci:${dir}/src:v1", "oci:${dir}/out:v1"]))

        then:
        run.exitCode == 2
        run.err.contains(message)
        run.err.readLines().size() <= 4

        where:
        args                                                             | message
        ['--dest-compress-format', 'lz4']                                | 'unknown compression format "lz4": use gzip, zstd or zstd:chunked'
        ['--dest-compress-format', 'zstd', '--dest-compress-level', '30'] | 'compression level 30 is out of range for zstd (1 to 22)'
        ['--dest-compress', '--dest-decompress']                         | 'layers cannot be both compressed and decompressed'
    }
}
