package dev.skiff.dockerarchive

import dev.skiff.rig.Archives
import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Broken and hostile docker-archives, read and written: each fails with exit 1 and a message that
 * names the archive and the entry, nothing partial appears under a final name, and what was
 * already stored (a layout's other tags, an existing archive) is untouched.
 */
class DockerArchiveHostileSpec extends Specification {
    @TempDir
    Path dir

    Path good

    def setup() {
        Images.single("oci:${dir}/src:v1")
        good = dir.resolve('good.tar')
        Tools.skopeo('copy', '-q', "oci:${dir}/src:v1", "docker-archive:${good}:team/app:v1")
        // A layout that already holds an image; a failed copy into it must leave it as it was.
        Images.single("oci:${dir}/layout:keep", [seed: 3])
    }

    /** Copies the broken archive into the layout under a new tag and checks the layout is untouched. */
    Cli copyIntoLayout(Path archive) {
        byte[] indexBefore = Files.readAllBytes(dir.resolve('layout/index.json'))
        def run = Cli.run('copy', "docker-archive:${archive}", "oci:${dir}/layout:new")
        assert Files.readAllBytes(dir.resolve('layout/index.json')) == indexBefore
        assert Cli.run('inspect', "oci:${dir}/layout:keep").exitCode == 0
        run
    }

    List<String> layers() {
        Archives.json(Archives.entries(good)['manifest.json'])[0].Layers
    }

    def "a manifest.json over 1 MiB is refused before it is parsed"() {
        given:
        def huge = Archives.rewrite(good, dir.resolve('huge.tar')) { name, bytes ->
            name == 'manifest.json' ? (new String(bytes) + ' ' * (1024 * 1024)).bytes : bytes
        }

        when:
        def run = copyIntoLayout(huge)

        then:
        run.exitCode == 1
        run.err.contains(huge.toString())
        run.err.contains('"manifest.json"')
        run.err.contains('larger than the limit of 1048576 bytes')
    }

    def "a layer listed in manifest.json but missing from the archive is named"() {
        given:
        String gone = layers()[1]
        def broken = Archives.rewrite(good, dir.resolve('missing.tar')) { name, bytes ->
            name == gone || name.endsWith('/layer.tar') && new String(bytes).contains(gone) ? null : bytes
        }

        when:
        def run = copyIntoLayout(broken)

        then:
        run.exitCode == 1
        run.err.contains("layer \"${gone}\" is listed in manifest.json of docker-archive ${broken} but is missing from the archive")
    }

    def "a layer whose content does not match its diff_id is named, and no blob is stored under the diff_id"() {
        given:
        String bad = layers()[0]
        def broken = Archives.rewrite(good, dir.resolve('tampered.tar')) { name, bytes ->
            if (name != bad) {
                return bytes
            }
            bytes[bytes.length - 2000] ^= 0x5a
            bytes
        }

        when:
        def run = copyIntoLayout(broken)

        then:
        run.exitCode == 1
        run.err.contains("layer \"${bad}\" of docker-archive ${broken} does not match its diff_id sha256:${bad - '.tar'}")
        !Files.exists(dir.resolve("layout/blobs/sha256/${bad - '.tar'}"))
    }

    def "a symlinked layer entry that leaves the archive is refused, naming the entry"() {
        given:
        String first = layers()[0]
        def outside = dir.resolve('secret.tar')
        Files.write(outside, Archives.entries(good)[first])
        def withLink = Archives.rewrite(good, dir.resolve('escape.tar'),
                ['manifest.json': manifestWithLayer(first, 'link/secret.tar'), 'link': '-> ..'.bytes]) { name, bytes ->
            name == 'manifest.json' ? null : bytes
        }

        when:
        def run = copyIntoLayout(withLink)

        then:
        run.exitCode == 1
        run.err.contains(withLink.toString())
        run.err.contains('link/secret.tar')
        run.err.contains('outside the archive')
    }

    private byte[] manifestWithLayer(String replaced, String path) {
        def manifest = Archives.json(Archives.entries(good)['manifest.json'])
        manifest[0].Layers = manifest[0].Layers.collect { it == replaced ? path : it }
        groovy.json.JsonOutput.toJson(manifest).bytes
    }

    def "a truncated archive is refused, naming the archive"() {
        given:
        byte[] all = Files.readAllBytes(good)
        def cut = dir.resolve('cut.tar')
        Files.write(cut, Arrays.copyOf(all, all.length.intdiv(2)))

        when:
        def run = copyIntoLayout(cut)

        then:
        run.exitCode == 1
        run.err.contains(cut.toString())
        run.err.contains('truncated')
    }

    def "writing: gzip that ends early fails, naming the archive and the layer, and leaves no file behind"() {
        given: 'a layout whose first layer is a gzip stream cut in half (its digest matches the cut bytes)'
        String cutDigest = null
        Archives.editLayoutImage(dir.resolve('src')) { manifest, blobs ->
            def layer = manifest.layers[0]
            byte[] whole = Files.readAllBytes(Archives.blob(dir.resolve('src'), layer.digest))
            byte[] half = Arrays.copyOf(whole, whole.length.intdiv(2))
            cutDigest = Archives.sha256(half)
            blobs[cutDigest] = half
            layer.digest = cutDigest
            layer.size = half.length
        }
        def target = dir.resolve('out.tar')

        when:
        def run = Cli.run('copy', "oci:${dir}/src:v1", "docker-archive:${target}:team/app:v1")

        then:
        run.exitCode == 1
        run.err.contains("layer ${cutDigest} for docker-archive ${target}: its gzip stream ends early")
        !Files.exists(target)
        Files.list(dir).noneMatch { it.fileName.toString().startsWith('.') }
    }

    def "writing: a layer that does not unpack to the config's diff_id fails before anything is written"() {
        given: 'a layout whose config claims a different diff_id for the first layer'
        Archives.editLayoutImage(dir.resolve('src')) { manifest, blobs ->
            def config = new JsonSlurper().parse(Archives.blob(dir.resolve('src'), manifest.config.digest).toFile())
            config.rootfs.diff_ids[0] = 'sha256:' + 'e' * 64
            byte[] raw = groovy.json.JsonOutput.toJson(config).bytes
            manifest.config.digest = Archives.sha256(raw)
            manifest.config.size = raw.length
            blobs[manifest.config.digest] = raw
        }
        def target = dir.resolve('out.tar')

        when:
        def run = Cli.run('copy', "oci:${dir}/src:v1", "docker-archive:${target}:team/app:v1")

        then:
        run.exitCode == 1
        run.err.contains("cannot write docker-archive ${target}: layer 0")
        run.err.contains("but the config's rootfs.diff_ids[0] is sha256:${'e' * 64}")
        !Files.exists(target)
        Files.list(dir).noneMatch { it.fileName.toString().startsWith('.') }
    }

    def "writing: an existing archive is never modified, as skopeo refuses too"() {
        given:
        byte[] before = Files.readAllBytes(good)

        when:
        def run = Cli.run('copy', "oci:${dir}/src:v1", "docker-archive:${good}:team/app:v2")

        then:
        run.exitCode == 1
        run.err.contains("docker-archive ${good} already exists")
        Files.readAllBytes(good) == before
    }

    def "a layer stored gzip-compressed inside an archive is read uncompressed, checked against its diff_id, and gzipped into a layout"() {
        given:
        String first = layers()[0]
        def gz = Archives.rewrite(good, dir.resolve('gz.tar')) { name, bytes ->
            if (name != first) {
                return bytes
            }
            def out = new ByteArrayOutputStream()
            new java.util.zip.GZIPOutputStream(out).withCloseable { it.write(bytes) }
            out.toByteArray()
        }

        when:
        def run = Cli.run('copy', "docker-archive:${gz}", "oci:${dir}/layout:gz")

        then:
        run.exitCode == 0
        def raw = new JsonSlurper().parseText(Cli.run('inspect', '--raw', "oci:${dir}/layout:gz").out)
        raw.layers[0].mediaType == 'application/vnd.oci.image.layer.v1.tar+gzip'

        and: 'the layout holds it gzip-compressed, as skopeo stores it, and it unpacks to the diff_id'
        def stored = Files.readAllBytes(dir.resolve('layout/blobs/sha256').resolve(raw.layers[0].digest - 'sha256:'))
        def unpacked = new java.util.zip.GZIPInputStream(new ByteArrayInputStream(stored)).bytes
        Archives.sha256(unpacked) == 'sha256:' + (first - '.tar')
        unpacked.length == Archives.entries(good)[first].length
    }
}
