package dev.skiff.referrers

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/**
 * {@code --referrers}: an image's SBOM (an OCI 1.1 artifact whose subject is the image), its cosign
 * signature and the SBOM's own signature travel with it, between two real docker-registry 2.8
 * (which has no referrers API, so the fallback tag {@code sha256-HEX} is read and written), and
 * through OCI layouts and archives that umoci and skopeo still read.
 */
class ReferrersSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig source = RegistryRig.start()

    @Shared
    @AutoCleanup
    RegistryRig target = RegistryRig.start()

    @TempDir
    Path work

    /** An image with an SBOM, a signature, and a signature of the SBOM, in {@code repository} of the source registry. */
    Map signedImageWithSbom(String repository) {
        def image = Images.single("docker://${source.host}/${repository}:v1")
        def artifacts = new Artifacts(source.host, repository)
        try {
            def sbom = artifacts.attachSbom(Artifacts.descriptor(image))
            def signature = artifacts.sign(image.digest().toString())
            def sbomSignature = artifacts.sign(sbom.digest)
            [image: image.digest().toString(), sbom: sbom, signature: signature, sbomSignature: sbomSignature]
        } finally {
            artifacts.close()
        }
    }

    static String tag(String digest, String suffix = '') {
        digest.replace(':', '-') + suffix
    }

    def "the SBOM, the image's signature and the SBOM's signature are carried registry to registry"() {
        given:
        def made = signedImageWithSbom('team/app')

        when:
        def copy = Cli.run('copy', '--referrers', '--src-tls-verify=false', '--dest-tls-verify=false',
                "docker://${source.host}/team/app:v1", "docker://${target.host}/mirror/app:v1")
        def at = new Artifacts(target.host, 'mirror/app')

        then:
        copy.exitCode == 0
        copy.out.contains('3 referrers copied')
        at.tags() == ['v1', tag(made.image), tag(made.image, '.sig'), tag(made.sbom.digest, '.sig')].sort()
        at.fallback(made.image).manifests*.digest == [made.sbom.digest]
        at.fallback(made.image).manifests[0].artifactType == Artifacts.SBOM_TYPE
        at.manifest(made.sbom.digest).subject.digest == made.image
        at.manifest(tag(made.sbom.digest, '.sig')) == new Artifacts(source.host, 'team/app').manifest(tag(made.sbom.digest, '.sig'))

        when: 'a second SBOM is attached and the copy runs again'
        def second = new Artifacts(source.host, 'team/app').attachSbom([mediaType: Artifacts.OCI_MANIFEST, digest: made.image,
                size: new Artifacts(source.host, 'team/app').client.getManifest('team/app', 'v1').raw().length])
        def again = Cli.run('copy', '--referrers', '--src-tls-verify=false', '--dest-tls-verify=false',
                "docker://${source.host}/team/app:v1", "docker://${target.host}/mirror/app:v1")

        then: 'the fallback tag index is merged, each referrer listed once'
        again.exitCode == 0
        again.out.contains('4 referrers copied')
        at.fallback(made.image).manifests*.digest == [made.sbom.digest, second.digest]

        cleanup:
        at?.close()
    }

    def "without --referrers nothing but the image is copied"() {
        given:
        signedImageWithSbom('team/plain')

        when:
        def copy = Cli.run('copy', '--src-tls-verify=false', '--dest-tls-verify=false',
                "docker://${source.host}/team/plain:v1", "docker://${target.host}/mirror/plain:v1")
        def at = new Artifacts(target.host, 'mirror/plain')

        then:
        copy.exitCode == 0
        !copy.out.contains('referrers')
        at.tags() == ['v1']

        cleanup:
        at?.close()
    }

    def "--referrers-type carries only referrers of that artifact type"() {
        given:
        def made = signedImageWithSbom('team/typed')

        when:
        def copy = Cli.run('copy', '--referrers', '--referrers-type', Artifacts.SBOM_TYPE, '--src-tls-verify=false', '--dest-tls-verify=false',
                "docker://${source.host}/team/typed:v1", "docker://${target.host}/mirror/typed:v1")
        def at = new Artifacts(target.host, 'mirror/typed')

        then: 'the SBOM, not the signatures (their type is cosign simple signing)'
        copy.exitCode == 0
        copy.out.contains('1 referrers copied')
        at.tags() == ['v1', tag(made.image)].sort()

        when:
        def sigs = Cli.run('copy', '--referrers-type', Artifacts.COSIGN_SIG, '--src-tls-verify=false', '--dest-tls-verify=false',
                "docker://${source.host}/team/typed:v1", "docker://${target.host}/mirror/sigs:v1")
        def at2 = new Artifacts(target.host, 'mirror/sigs')

        then: 'the image signature only: the SBOM is not carried, so neither is its signature'
        sigs.exitCode == 0
        at2.tags() == ['v1', tag(made.image, '.sig')].sort()

        cleanup:
        at?.close()
        at2?.close()
    }

    def "referrers travel into an OCI layout that umoci and skopeo read, and from it into a registry"() {
        given:
        def made = signedImageWithSbom('team/bundle')
        def layout = work.resolve('layout')

        when:
        def out = Cli.run('copy', '--referrers', '--src-tls-verify=false',
                "docker://${source.host}/team/bundle:v1", "oci:${layout}:v1")
        def index = new JsonSlurper().parse(layout.resolve('index.json').toFile())

        then: 'index.json lists the image, the SBOM (untagged, with its artifactType) and the cosign tags'
        out.exitCode == 0
        out.out.contains('3 referrers copied')
        index.manifests.find { it.annotations?.'org.opencontainers.image.ref.name' == 'v1' }.digest == made.image
        index.manifests.find { it.digest == made.sbom.digest }.artifactType == Artifacts.SBOM_TYPE
        index.manifests.find { it.digest == made.sbom.digest }.annotations?.'org.opencontainers.image.ref.name' == null
        index.manifests.collect { it.annotations?.'org.opencontainers.image.ref.name' }.findAll().sort() ==
                ['v1', tag(made.image, '.sig'), tag(made.sbom.digest, '.sig')].sort()

        and: 'umoci and skopeo still read the layout'
        Tools.umoci('stat', '--image', "${layout}:v1").contains('LAYER')
        Tools.umoci('ls', '--layout', layout.toString()).readLines().sort() == ['v1', tag(made.image, '.sig'), tag(made.sbom.digest, '.sig')].sort()
        new JsonSlurper().parseText(Tools.skopeo('inspect', '--raw', "oci:${layout}:v1")).layers.size() == 2
        Tools.skopeo('inspect', "oci:${layout}:${tag(made.image, '.sig')}").contains('Digest')

        when: 'back into a registry'
        def back = Cli.run('copy', '--referrers', '--dest-tls-verify=false', "oci:${layout}:v1", "docker://${target.host}/site/bundle:v1")
        def at = new Artifacts(target.host, 'site/bundle')

        then:
        back.exitCode == 0
        back.out.contains('3 referrers copied')
        at.tags() == ['v1', tag(made.image), tag(made.image, '.sig'), tag(made.sbom.digest, '.sig')].sort()
        at.fallback(made.image).manifests*.digest == [made.sbom.digest]

        cleanup:
        at?.close()
    }

    def "sync carries referrers through an oci-archive bundle and back, and counts them"() {
        given:
        def made = signedImageWithSbom('team/synced')
        def archive = work.resolve('bundle.tar')

        when:
        def export = Cli.run('sync', '--referrers', '--src', 'docker', '--dest', 'oci-archive', '--src-tls-verify=false',
                "${source.host}/team/synced:v1", archive.toString())

        then:
        export.exitCode == 0
        export.out.contains('Referrers: 3 copied')

        when:
        def unpacked = work.resolve('unpacked')
        Files.createDirectories(unpacked)
        Tools.run(['tar', '-xf', archive.toString(), '-C', unpacked.toString()])
        def index = new JsonSlurper().parse(unpacked.resolve('index.json').toFile())

        then: 'the archive lists the SBOM and the cosign tags beside the image, and umoci reads it'
        index.manifests.find { it.digest == made.sbom.digest }.artifactType == Artifacts.SBOM_TYPE
        index.manifests.collect { it.annotations?.'org.opencontainers.image.ref.name' }.findAll().contains('team/synced:' + tag(made.image, '.sig'))
        Tools.umoci('stat', '--image', "${unpacked}:team/synced:v1").contains('LAYER')

        when:
        def load = Cli.run('sync', '--referrers', '--src', 'oci-archive', '--dest', 'docker', '--dest-tls-verify=false',
                archive.toString(), "${target.host}/site")
        def at = new Artifacts(target.host, 'site/team/synced')

        then:
        load.exitCode == 0
        load.out.contains('Referrers: ')
        at.tags().containsAll(['v1', tag(made.image), tag(made.image, '.sig'), tag(made.sbom.digest, '.sig')])
        at.fallback(made.image).manifests*.digest == [made.sbom.digest]

        cleanup:
        at?.close()
    }

    def "a referrer whose blob is corrupt at the source is refused and nothing is written under a final name"() {
        given:
        def made = signedImageWithSbom('team/corrupt')
        def sbomLayer = new Artifacts(source.host, 'team/corrupt').manifest(made.sbom.digest).layers[0].digest as String
        def hex = sbomLayer.substring('sha256:'.length())
        def data = source.dir.resolve("data/docker/registry/v2/blobs/sha256/${hex.substring(0, 2)}/${hex}/data")
        def bytes = Files.readAllBytes(data)
        bytes[0] = (byte) (bytes[0] ^ 0x55)
        Files.write(data, bytes)
        def layout = work.resolve('refused')

        when:
        def toRegistry = Cli.run('copy', '--referrers', '--src-tls-verify=false', '--dest-tls-verify=false',
                "docker://${source.host}/team/corrupt:v1", "docker://${target.host}/mirror/corrupt:v1")
        def toLayout = Cli.run('copy', '--referrers', '--src-tls-verify=false',
                "docker://${source.host}/team/corrupt:v1", "oci:${layout}:v1")
        def at = new Artifacts(target.host, 'mirror/corrupt')

        then:
        toRegistry.exitCode == 1
        toRegistry.err.contains("blob ${sbomLayer} of referrer ${made.sbom.digest}")
        toRegistry.err.contains('failed verification')
        at.manifest('v1') == null
        at.manifest(tag(made.image)) == null
        at.manifest(tag(made.image, '.sig')) == null
        toLayout.exitCode == 1
        !Files.exists(layout.resolve('index.json'))

        cleanup:
        at?.close()
    }

    def "a sync run again carries a signature added since, beside an image that is up to date"() {
        given:
        def made = signedImageWithSbom('team/resync')
        def args = ['sync', '--referrers', '--src', 'docker', '--dest', 'docker', '--src-tls-verify=false', '--dest-tls-verify=false',
                    "${source.host}/team/resync".toString(), "${target.host}/again".toString()] as String[]

        when:
        def first = Cli.run(args)

        then:
        first.exitCode == 0
        first.out.contains('Sync done: 1 copied')
        first.out.contains('Referrers: 3 copied')

        when: 'the image is signed again at the source'
        def artifacts = new Artifacts(source.host, 'team/resync')
        def resigned = artifacts.sign(made.image)
        def second = Cli.run(args)
        def third = Cli.run(args)
        def at = new Artifacts(target.host, 'again/resync')

        then:
        second.exitCode == 0
        second.out.contains('0 copied (0 B), 1 skipped as up to date')
        second.out.contains('Referrers: 1 copied')
        at.manifest(tag(made.image, '.sig')) == artifacts.manifest(tag(made.image, '.sig'))
        third.out.contains('Referrers: 0 copied')

        cleanup:
        artifacts?.close()
        at?.close()
    }

    def "a destination that cannot keep referrers refuses them before the image is written, naming the flag"() {
        given:
        signedImageWithSbom('team/nowhere')
        def dir = work.resolve('image')

        when:
        def copy = Cli.run('copy', '--referrers', '--src-tls-verify=false', "docker://${source.host}/team/nowhere:v1", "dir:${dir}")

        then:
        copy.exitCode == 1
        copy.err.contains('referrers')
        copy.err.contains('the dir transport does not keep referrers')
        copy.err.contains('copy without --referrers')
        !Files.exists(dir.resolve('manifest.json'))
    }

    def "a sync into an OCI layout run again adds a signature made since beside the up-to-date image"() {
        given:
        def made = signedImageWithSbom('team/layout')
        def layout = work.resolve('mirror')
        def args = ['sync', '--referrers', '--src', 'docker', '--dest', 'oci', '--src-tls-verify=false',
                    "${source.host}/team/layout".toString(), layout.toString()] as String[]

        when:
        def first = Cli.run(args)
        def artifacts = new Artifacts(source.host, 'team/layout')
        def resigned = artifacts.sign(made.image)
        def second = Cli.run(args)
        def index = new JsonSlurper().parse(layout.resolve('index.json').toFile())
        def sigTag = 'team/layout:' + tag(made.image, '.sig')

        then:
        first.exitCode == 0
        first.out.contains('Referrers: 3 copied')
        second.exitCode == 0
        second.out.contains('1 skipped as up to date')
        second.out.contains('Referrers: 1 copied')
        index.manifests.findAll { it.annotations?.'org.opencontainers.image.ref.name' == sigTag }*.digest == [resigned.digest]
        index.manifests.findAll { it.digest == made.sbom.digest }.size() == 1
        Tools.umoci('stat', '--image', "${layout}:team/layout:v1").contains('LAYER')

        cleanup:
        artifacts?.close()
    }
}
