package dev.skiff.dockerarchive

import dev.skiff.rig.Archives
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.RegistryRig
import dev.skiff.rig.Tools
import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.AutoCleanup
import spock.lang.Shared
import spock.lang.Specification
import spock.lang.TempDir

/** docker-archive: against skopeo 1.9.3 and a real registry: both directions, config digests equal. */
class DockerArchiveSkopeoSpec extends Specification {
    @Shared
    @AutoCleanup
    RegistryRig registry = RegistryRig.start()

    @TempDir
    Path dir

    String source(Map opts = [:]) {
        Images.single("oci:${dir}/src:v1", opts)
        "oci:${dir}/src:v1"
    }

    def "Skiff reads an archive skopeo wrote and pushes it to a registry with the config digest unchanged"() {
        given:
        def src = source()
        Tools.skopeo('copy', '-q', src, "docker-archive:${dir}/by-skopeo.tar:team/app:v1")

        when:
        def copy = Cli.run('copy', '--dest-tls-verify=false', "docker-archive:${dir}/by-skopeo.tar", registry.ref('team/app:v1'))

        then:
        copy.exitCode == 0
        Archives.configDigest(registry.ref('team/app:v1'), '--tls-verify=false') == Archives.configDigest(src)

        and: 'the layers are pushed gzip-compressed, as skopeo pushes the same archive, with the same config'
        def pushed = new JsonSlurper().parseText(Tools.skopeo('inspect', '--raw', '--tls-verify=false', registry.ref('team/app:v1')))
        pushed.mediaType == 'application/vnd.docker.distribution.manifest.v2+json'
        pushed.layers*.mediaType.every { it == 'application/vnd.docker.image.rootfs.diff.tar.gzip' }
        Tools.skopeo('copy', '-q', '--dest-tls-verify=false', "docker-archive:${dir}/by-skopeo.tar", registry.ref('team/by-skopeo:v1')) != null
        def bySkopeo = new JsonSlurper().parseText(Tools.skopeo('inspect', '--raw', '--tls-verify=false', registry.ref('team/by-skopeo:v1')))
        bySkopeo.layers*.mediaType == pushed.layers*.mediaType
        bySkopeo.config.digest == pushed.config.digest

        and: 'skopeo pulls them, and each unpacks to its diff_id'
        def config = new JsonSlurper().parseText(Tools.skopeo('inspect', '--config', '--raw', src))
        Tools.skopeo('copy', '-q', '--src-tls-verify=false', registry.ref('team/app:v1'), "dir:${dir}/pulled") != null
        pushed.layers.collect { layer ->
            def gz = Files.readAllBytes(dir.resolve('pulled').resolve(layer.digest - 'sha256:'))
            Archives.sha256(new java.util.zip.GZIPInputStream(new ByteArrayInputStream(gz)).bytes)
        } == config.rootfs.diff_ids
    }

    def "skopeo reads an archive Skiff wrote: inspect, copy out, the same config digest"() {
        given:
        def src = source()

        when:
        def copy = Cli.run('copy', src, "docker-archive:${dir}/by-skiff.tar:team/app:v1")

        then:
        copy.exitCode == 0
        Archives.configDigest("docker-archive:${dir}/by-skiff.tar") == Archives.configDigest(src)
        Tools.skopeo('copy', '-q', "docker-archive:${dir}/by-skiff.tar:team/app:v1", "oci:${dir}/out:v1") != null
        Archives.configDigest("oci:${dir}/out:v1") == Archives.configDigest(src)

        and: 'the archive is what docker save writes: manifest.json with RepoTags, plain layer tars, legacy folders'
        def entries = Archives.entries(dir.resolve('by-skiff.tar'))
        def manifest = Archives.json(entries['manifest.json'])
        manifest.size() == 1
        manifest[0].RepoTags == ['docker.io/team/app:v1']
        manifest[0].Config == Archives.configDigest(src).substring(7) + '.json'
        manifest[0].Layers.every { entries[it] != null && Archives.sha256(entries[it]) == 'sha256:' + it - '.tar' }
        entries.keySet().findAll { it.endsWith('/layer.tar') }.size() == 2
        entries.keySet().findAll { it.endsWith('/VERSION') }.every { new String(entries[it]) == '1.0' }
        Archives.json(entries['repositories']).keySet() == ['docker.io/team/app'] as Set
    }

    def "gzip layers from a registry are stored uncompressed and match the config's diff_ids"() {
        given:
        def src = source()
        Tools.skopeo('copy', '-q', '--dest-tls-verify=false', src, registry.ref('gz/app:v1'))

        when:
        def copy = Cli.run('copy', '--src-tls-verify=false', registry.ref('gz/app:v1'), "docker-archive:${dir}/from-registry.tar:gz/app:v1")

        then:
        copy.exitCode == 0
        def entries = Archives.entries(dir.resolve('from-registry.tar'))
        def manifest = Archives.json(entries['manifest.json'])
        def config = Archives.json(entries[manifest[0].Config])
        manifest[0].Layers.collect { Archives.sha256(entries[it]) } == config.rootfs.diff_ids
    }

    def "inspect shows what skopeo shows for an archive: the Name of a tagged reference, no RepoTags"() {
        given:
        Tools.skopeo('copy', '-q', source(), "docker-archive:${dir}/a.tar:team/app:v1")
        def ref = "docker-archive:${dir}/a.tar${suffix}"

        expect:
        comparable(Cli.run('inspect', ref).out) == comparable(Tools.skopeo('inspect', ref))

        where:
        suffix << ['', ':team/app:v1', ':@0']
    }

    /** Everything but Digest (skopeo labels the uncompressed layers tar.gzip; Skiff says tar) and LayersData (skopeo 1.9.3 omits it). */
    private static Map comparable(String json) {
        Map parsed = new JsonSlurper().parseText(json) as Map
        parsed.findAll { k, v -> !(k in ['Digest', 'LayersData']) }
    }

    def "list-tags prints what skopeo prints for an archive, untagged images as @N"() {
        given:
        Tools.skopeo('copy', '-q', source(), "docker-archive:${dir}/one.tar:team/app:v1")
        def one = Archives.json(Archives.entries(dir.resolve('one.tar'))['manifest.json'])
        def items = [one[0] + [RepoTags: []], one[0] + [RepoTags: ['app:v1', 'quay.io/x/y:z']]]
        Archives.rewrite(dir.resolve('one.tar'), dir.resolve('two.tar')) { name, bytes ->
            name == 'manifest.json' ? JsonOutput.toJson(items).bytes : bytes
        }

        expect:
        Cli.run('list-tags', "docker-archive:${dir}/${file}").out == Tools.skopeo('list-tags', "docker-archive:${dir}/${file}")

        where:
        file << ['one.tar', 'two.tar']
    }

    def "an image is chosen by tag, by @N, or is the only one; otherwise the error lists the choices"() {
        given:
        Tools.skopeo('copy', '-q', source(), "docker-archive:${dir}/one.tar:team/app:v1")
        Images.single("oci:${dir}/other:v1", [seed: 7, layers: 1])
        Tools.skopeo('copy', '-q', "oci:${dir}/other:v1", "docker-archive:${dir}/other.tar:team/other:v2")
        def entries = Archives.entries(dir.resolve('other.tar'))
        def second = Archives.json(entries['manifest.json'])[0]
        def first = Archives.json(Archives.entries(dir.resolve('one.tar'))['manifest.json'])[0]
        Map<String, byte[]> extra = entries.findAll { k, v -> k.endsWith('.json') && !k.contains('/') && k != 'manifest.json' || second.Layers.contains(k) }
        Archives.rewrite(dir.resolve('one.tar'), dir.resolve('both.tar'), extra) { name, bytes ->
            name == 'manifest.json' ? JsonOutput.toJson([first, second]).bytes : bytes
        }

        expect:
        configOf("docker-archive:${dir}/both.tar:team/other:v2") == Archives.configDigest("oci:${dir}/other:v1")
        configOf("docker-archive:${dir}/both.tar:@1") == Archives.configDigest("oci:${dir}/other:v1")
        configOf("docker-archive:${dir}/both.tar:docker.io/team/app:v1") == Archives.configDigest("oci:${dir}/src:v1")
        configOf("docker-archive:${dir}/both.tar:@0") == Archives.configDigest("oci:${dir}/src:v1")

        when:
        def none = Cli.run('inspect', "docker-archive:${dir}/both.tar")
        def missing = Cli.run('inspect', "docker-archive:${dir}/both.tar:team/app:v9")
        def outOfRange = Cli.run('inspect', "docker-archive:${dir}/both.tar:@2")

        then:
        none.exitCode == 1
        none.err.contains("docker-archive ${dir}/both.tar holds 2 images")
        none.err.contains('docker.io/team/app:v1') && none.err.contains('docker.io/team/other:v2')
        missing.exitCode == 1
        missing.err.contains('no image tagged docker.io/team/app:v9')
        outOfRange.exitCode == 1
        outOfRange.err.contains('has no image @2: it holds 2 images (@0 to @1)')
    }

    private String configOf(String ref) {
        def run = Cli.run('inspect', '--raw', ref)
        assert run.exitCode == 0: run.toString()
        new JsonSlurper().parseText(run.out).config.digest
    }

    def "an archive as Docker 25+ saves it (files under blobs/sha256/, beside an OCI index) is read through its manifest.json"() {
        given:
        def src = source()
        Tools.skopeo('copy', '-q', src, "docker-archive:${dir}/classic.tar:team/app:v1")
        def entries = Archives.entries(dir.resolve('classic.tar'))
        def item = Archives.json(entries['manifest.json'])[0]
        def blobPath = { String file -> 'blobs/sha256/' + file.replaceAll(/\.(tar|json)$/, '') }
        Map<String, byte[]> modern = [:]
        (item.Layers + [item.Config]).each { modern[blobPath(it)] = entries[it] }
        modern['manifest.json'] = JsonOutput.toJson([[Config: blobPath(item.Config), RepoTags: item.RepoTags,
                                                       Layers: item.Layers.collect(blobPath)]]).bytes
        modern['oci-layout'] = '{"imageLayoutVersion":"1.0.0"}'.bytes
        def modernTar = dir.resolve('modern.tar')
        new org.apache.commons.compress.archivers.tar.TarArchiveOutputStream(Files.newOutputStream(modernTar)).withCloseable { out ->
            modern.each { name, bytes ->
                def e = new org.apache.commons.compress.archivers.tar.TarArchiveEntry(name)
                e.size = bytes.length
                out.putArchiveEntry(e)
                out.write(bytes)
                out.closeArchiveEntry()
            }
        }

        expect:
        configOf("docker-archive:${modernTar}:team/app:v1") == Archives.configDigest(src)
        Cli.run('copy', "docker-archive:${modernTar}", "oci:${dir}/out:v1").exitCode == 0
    }

    def "references parse as skopeo's: the path ends at the first colon, names are normalised, @N reads only"() {
        expect:
        dev.skiff.transport.Transports.parse(text).toString() == shown
        dev.skiff.transport.Transports.parse(shown).toString() == shown

        where:
        text                             || shown
        'docker-archive:f.tar'           || 'docker-archive:f.tar'
        'docker-archive:f.tar:app'       || 'docker-archive:f.tar:docker.io/library/app:latest'
        'docker-archive:f.tar:team/a:v1' || 'docker-archive:f.tar:docker.io/team/a:v1'
        'docker-archive:f.tar:@3'        || 'docker-archive:f.tar:@3'
    }

    def "a digest or a bad @N in a docker-archive reference is refused, and @N cannot be written"() {
        when:
        def digest = Cli.run('inspect', "docker-archive:${dir}/f.tar:app@sha256:${'a' * 64}")
        def badIndex = Cli.run('inspect', "docker-archive:${dir}/f.tar:@x")
        def writeIndex = Cli.run('copy', source(), "docker-archive:${dir}/new.tar:@0")

        then:
        digest.exitCode != 0
        digest.err.contains('takes NAME:TAG, not a digest')
        badIndex.exitCode != 0
        badIndex.err.contains('@ must be followed by the index')
        writeIndex.exitCode == 1
        writeIndex.err.contains('@0 selects an image to read')
        !Files.exists(dir.resolve('new.tar'))
    }

    def "copy --all of an index into a docker-archive is refused before any blob is copied, with one piece of advice; skopeo refuses it too"() {
        given: 'a two-platform index, and an archive that already holds an image'
        Images.multi("oci:${dir}/multi:v1")
        assert Cli.run('copy', source(), "docker-archive:${dir}/kept.tar:app:v0").exitCode == 0
        byte[] kept = Files.readAllBytes(dir.resolve('kept.tar'))

        when:
        def fresh = Cli.run('copy', '--all', "oci:${dir}/multi:v1", "docker-archive:${dir}/new.tar:app:v1")
        def over = Cli.run('copy', '--all', "oci:${dir}/multi:v1", "docker-archive:${dir}/kept.tar:app:v1")
        def skopeo = new ProcessBuilder('skopeo', '--insecure-policy', 'copy', '--all', "oci:${dir}/multi:v1".toString(),
                "docker-archive:${dir}/skopeo.tar:app:v1".toString()).redirectErrorStream(true).start()
        String skopeoSaid = skopeo.inputStream.getText('UTF-8')

        then: 'no blob line, one error line naming the archive, the advice once'
        fresh.exitCode == 1
        !fresh.err.contains('Copying blob')
        fresh.err.contains("docker-archive ${dir}/new.tar holds single images, not an index")
        fresh.err.count('copy one platform') == 1
        fresh.err.contains('--override-arch')

        and: 'nothing written, and the archive that was there is untouched'
        !Files.exists(dir.resolve('new.tar'))
        over.exitCode == 1
        Files.readAllBytes(dir.resolve('kept.tar')) == kept
        Files.list(dir).withCloseable { s -> s.filter { it.fileName.toString().startsWith('.') }.toList() } == []

        and: 'skopeo 1.9.3 refuses the same copy'
        skopeo.waitFor() != 0
        skopeoSaid.contains('does not support copying multiple images')
    }
}
