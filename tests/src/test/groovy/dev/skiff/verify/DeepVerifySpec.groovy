package dev.skiff.verify

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** verify --deep: every stored blob re-read, each damage named by digest and kind, through the real command. */
class DeepVerifySpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    Path blob(Path layout, String digest) {
        layout.resolve('blobs/sha256').resolve(digest.substring('sha256:'.length()))
    }

    Map manifestOf(Path layout, String digest) {
        new JsonSlurper().parse(blob(layout, digest).toFile()) as Map
    }

    static String sha256(byte[] bytes) {
        'sha256:' + MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString()
    }

    def "an intact image passes, from #where"() {
        given:
        def reference = where.replace('DIR', dir.toString()).replace('REG', "docker://${registry.host}")
        Images.multi(reference)

        when:
        def run = Cli.run('verify', '--deep', '--all', '--diff-ids', '--tls-verify=false', reference)

        then:
        run.exitCode == 0
        run.out.readLines().last().startsWith("Intact: ${reference} (2 images, 9 blobs")

        where:
        where << ['oci:DIR/layout:v1', 'REG/deep/intact:v1', 'oci-archive:DIR/a.tar:v1', 'dir:DIR/plain']
    }

    def "each kind of damage is named by digest: #damage"() {
        given:
        def layout = dir.resolve('layout')
        def image = Images.single("oci:${layout}:v1")
        def manifest = manifestOf(layout, image.digest().toString())
        String layer = manifest.layers[1].digest
        String config = manifest.config.digest
        String damaged = layer
        switch (damage) {
            case 'flipped byte':
                def bytes = Files.readAllBytes(blob(layout, layer)); bytes[100] ^= 0x01
                Files.write(blob(layout, layer), bytes); break
            case 'truncated':
                def bytes = Files.readAllBytes(blob(layout, layer))
                Files.write(blob(layout, layer), Arrays.copyOf(bytes, 1000)); break
            case 'missing':
                Files.delete(blob(layout, layer)); break
            case 'wrong diff_id':
                damaged = rewriteConfig(layout, image.digest().toString()) { Map c -> c.rootfs.diff_ids[0] = sha256('not the layer'.bytes) }
                break
        }

        when:
        def run = Cli.run('verify', '--deep', '--diff-ids', "oci:${layout}:v1")

        then:
        run.exitCode == 1
        run.out.contains("${damaged} (${role}")
        run.out.contains(said)
        run.out.readLines().last().startsWith("Damaged: oci:${layout}:v1 has 1 problem")

        where:
        damage          | role      | said
        'flipped byte'  | 'layer 2' | ': wrong content — wrong content: its bytes hash to sha256:'
        'truncated'     | 'layer 2' | ': truncated — truncated: 1000 of '
        'missing'       | 'layer 2' | ': missing — blob '
        'wrong diff_id' | 'config'  | ': wrong diff_id — diff_id 1 is ' + sha256('not the layer'.bytes) + ' but layer sha256:'
    }

    /** Writes a changed config, a manifest pointing at it and an index.json entry for it; returns the config digest. */
    String rewriteConfig(Path layout, String manifestDigest, Closure change) {
        Map manifest = manifestOf(layout, manifestDigest)
        Map config = new JsonSlurper().parse(blob(layout, manifest.config.digest as String).toFile()) as Map
        change(config)
        byte[] configBytes = JsonOutput.toJson(config).bytes
        String configDigest = sha256(configBytes)
        Files.write(blob(layout, configDigest), configBytes)
        manifest.config.digest = configDigest
        manifest.config.size = configBytes.length
        byte[] manifestBytes = JsonOutput.toJson(manifest).bytes
        String newDigest = sha256(manifestBytes)
        Files.write(blob(layout, newDigest), manifestBytes)
        Map index = new JsonSlurper().parse(layout.resolve('index.json').toFile()) as Map
        index.manifests[0].digest = newDigest
        index.manifests[0].size = manifestBytes.length
        Files.writeString(layout.resolve("index.json"), JsonOutput.toJson(index))
        configDigest
    }

    def "a damaged blob in a registry's storage is found through the registry"() {
        given:
        def image = Images.single(registry.ref('deep/damaged:v1'))
        Map manifest = new JsonSlurper().parse(image.raw()) as Map
        String layer = manifest.layers[0].digest
        String hex = layer.substring(7)
        def data = registry.dir.resolve("data/docker/registry/v2/blobs/sha256/${hex.substring(0, 2)}/${hex}/data")
        def bytes = Files.readAllBytes(data); bytes[bytes.length - 5] ^= 0x40
        Files.write(data, bytes)

        when:
        def run = Cli.run('verify', '--deep', '--tls-verify=false', registry.ref('deep/damaged:v1'))

        then:
        run.exitCode == 1
        run.out.contains("${layer} (layer 1 of image ${image.digest()}): wrong content")
    }

    def "a layout with no tag: every image is checked, unreferenced blobs are listed but are no error"() {
        given:
        def layout = dir.resolve('layout')
        Images.single("oci:${layout}:one")
        Images.multi("oci:${layout}:two")
        byte[] stray = 'left behind'.bytes
        Files.write(blob(layout, sha256(stray)), stray)

        when:
        def run = Cli.run('verify', '--deep', "oci:${layout}")

        then:
        run.exitCode == 0
        run.out.contains("${sha256(stray)}: stored but no image references it (not an error)")
        run.out.readLines().last().startsWith("Intact: oci:${layout} (3 images, ")

        when: 'a blob of one image is damaged'
        Map index = new JsonSlurper().parse(layout.resolve('index.json').toFile()) as Map
        String one = index.manifests.find { it.annotations['org.opencontainers.image.ref.name'] == 'one' }.digest
        String config = manifestOf(layout, one).config.digest
        Files.write(blob(layout, config), '{}'.bytes)
        def json = new JsonSlurper().parseText(Cli.run('verify', '--deep', '--json', "oci:${layout}").out)

        then:
        json.Intact == false
        json.Images == 3
        json.Problems.size() == 1
        json.Problems[0].Digest == config
        json.Problems[0].Role == "config of image one ${one}".toString()
        json.Problems[0].Problem == 'truncated'
        json.Unreferenced == [sha256(stray)]
    }

    def "without --all an index is checked for this machine's platform only, and it says so"() {
        given:
        Images.multi("oci:${dir}/layout:v1")

        when:
        def run = Cli.run('verify', '--deep', "oci:${dir}/layout:v1")

        then:
        run.exitCode == 0
        run.out.contains('Note: checked linux/amd64 only of 2 platforms; --all checks every one')
        run.out.readLines().last().contains('(1 image, ')
    }
}
