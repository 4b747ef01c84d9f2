package dev.skiff.transports

import dev.skiff.rig.Cli
import dev.skiff.rig.Images
import dev.skiff.rig.Tools
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import org.apache.commons.compress.archivers.tar.TarArchiveEntry
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream
import org.apache.commons.compress.archivers.tar.TarConstants
import spock.lang.Specification
import spock.lang.TempDir

/**
 * A tar is untrusted input: hostile and broken OCI archives are refused with an error naming the
 * archive and the entry, nothing is written outside the destination, and an image the destination
 * already had under the same tag survives.
 */
class HostileArchiveSpec extends Specification {
    @TempDir
    Path dir

    /** The entries of a tar, name to bytes, in order. */
    static Map<String, byte[]> entries(Path tar) {
        Map<String, byte[]> out = [:]
        new TarArchiveInputStream(Files.newInputStream(tar)).withCloseable { tin ->
            def e
            while ((e = tin.nextEntry) != null) {
                if (!e.directory) {
                    out[e.name] = tin.readAllBytes()
                }
            }
        }
        out
    }

    /** Writes a tar: a value is bytes for a file, [type, target] for a link. */
    static Path write(Path tar, Map<String, Object> items) {
        new TarArchiveOutputStream(Files.newOutputStream(tar)).withCloseable { out ->
            out.longFileMode = TarArchiveOutputStream.LONGFILE_POSIX
            items.each { name, value ->
                def e
                if (value instanceof List) {
                    e = new TarArchiveEntry(name, value[0] as byte, true)
                    e.linkName = value[1]
                    out.putArchiveEntry(e)
                } else {
                    e = new TarArchiveEntry(name, true)
                    e.size = (value as byte[]).length
                    out.putArchiveEntry(e)
                    out.write(value as byte[])
                }
                out.closeArchiveEntry()
            }
        }
        tar
    }

    /** Every file under dir but the destination layout, with its size. */
    Map<String, Long> outsideDestination() {
        Files.walk(dir).toList().findAll { Files.isRegularFile(it) && !it.startsWith(dir.resolve('dest')) }
                .collectEntries { [(dir.relativize(it).toString()): Files.size(it)] }
    }

    def "#why: the copy fails naming the archive and entry, and the layout keeps its image"() {
        given: 'a good archive to tamper with, and a layout that already has an image tagged v1'
        def image = Images.single("oci-archive:${dir}/good.tar:v1")
        def kept = Images.single("oci:${dir}/dest:v1")
        def indexBefore = Files.readAllBytes(dir.resolve('dest/index.json'))
        def layer = "blobs/sha256/${image.layers()[0].digest().hex()}".toString()
        def items = entries(dir.resolve('good.tar'))
        def tar = dir.resolve('bad.tar')
        tamper(items, layer)
        write(tar, items)
        if (cut) {
            Files.write(tar, Arrays.copyOf(Files.readAllBytes(tar), Files.size(tar) as int - 1500))
        }
        def filesBefore = outsideDestination()

        when:
        def run = Cli.run('copy', "oci-archive:${tar}:v1", "oci:${dir}/dest:v1")

        then:
        run.exitCode == 1
        run.err.startsWith("Error: tar archive ${tar}, entry \"${entry.replace('LAYER', layer)}\": ")
        run.err.contains(why)

        and: 'the layout still has exactly its old image under v1, readable by skopeo'
        Files.readAllBytes(dir.resolve('dest/index.json')) == indexBefore
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${dir}/dest:v1").trim() == kept.digest().toString()

        and: 'nothing was written outside the destination'
        outsideDestination() == filesBefore
        !Files.exists(Path.of('/tmp/skiff-hostile-evil'))
        !Files.exists(dir.parent.resolve('evil.txt'))

        where:
        why                                  | entry              | cut   | tamper
        'name contains ".."'                 | '../evil.txt'      | false | { Map m, String l -> m['../evil.txt'] = 'x'.bytes }
        'absolute path'                      | '/tmp/skiff-hostile-evil' | false | { Map m, String l -> m['/tmp/skiff-hostile-evil'] = 'x'.bytes }
        'hard link to "oci-layout"'          | 'LAYER'            | false | { Map m, String l -> m[l] = [TarConstants.LF_LINK, 'oci-layout'] }
        'points outside the archive'         | 'LAYER'            | false | { Map m, String l -> m[l] = [TarConstants.LF_SYMLINK, '../../../../../etc/passwd'] }
        'points to the absolute path'        | 'LAYER'            | false | { Map m, String l -> m[l] = [TarConstants.LF_SYMLINK, '/etc/passwd'] }
        'symlink cycle'                      | 'LAYER'            | false | { Map m, String l -> m[l] = [TarConstants.LF_SYMLINK, '../../loop']; m['loop'] = [TarConstants.LF_SYMLINK, l] }
        'truncated tar'                      | 'index.json'       | true  | { Map m, String l -> }
        'larger than the limit of 4194304 bytes' | 'index.json'   | false | { Map m, String l -> m['index.json'] = (new String(m['index.json'] as byte[], 'UTF-8') + ' ' * (5 * 1024 * 1024)).bytes }
    }

    def "symlinks inside the archive are followed, so a tar with linked blobs still copies"() {
        given:
        def image = Images.single("oci-archive:${dir}/good.tar:v1")
        def items = entries(dir.resolve('good.tar'))
        def layer = "blobs/sha256/${image.layers()[0].digest().hex()}".toString()
        items['store/layer.bin'] = items.remove(layer)
        items[layer] = [TarConstants.LF_SYMLINK, '../../store/layer.bin']
        def tar = write(dir.resolve('linked.tar'), items)

        when:
        def run = Cli.run('copy', "oci-archive:${tar}:v1", "oci:${dir}/dest:v1")

        then:
        run.exitCode == 0
        Tools.skopeo('inspect', '--format', '{{.Digest}}', "oci:${dir}/dest:v1").trim() == image.digest().toString()
    }

    def "a broken archive written over never costs the archive that was there"() {
        given:
        def v1 = Images.single("oci-archive:${dir}/keep.tar:v1")
        def before = Files.readAllBytes(dir.resolve('keep.tar'))
        def bad = Images.single("oci:${dir}/src:v2")
        def layer = dir.resolve("src/blobs/sha256/${bad.layers()[0].digest().hex()}")
        Files.write(layer, new byte[Files.size(layer) as int])

        when:
        def run = Cli.run('copy', "oci:${dir}/src:v2", "oci-archive:${dir}/keep.tar:v2")

        then:
        run.exitCode == 1
        run.err.contains('failed verification')
        Files.readAllBytes(dir.resolve('keep.tar')) == before
        Files.list(dir).toList().collect { it.fileName.toString() }.sort() == ['keep.tar', 'src']
        new JsonSlurper().parseText(Cli.run('list-tags', "oci-archive:${dir}/keep.tar").out).Tags == ['v1']
    }
}
