package dev.skiff.archive

import dev.skiff.transport.archive.PendingTar
import dev.skiff.transport.archive.TarException
import dev.skiff.transport.archive.TarIndex
import dev.skiff.transport.archive.TarWriter
import java.nio.file.Files
import java.nio.file.Path
import java.util.concurrent.Executors
import org.apache.commons.compress.archivers.tar.TarArchiveEntry
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream
import org.apache.commons.compress.archivers.tar.TarConstants
import spock.lang.Specification
import spock.lang.TempDir

class TarIndexSpec extends Specification {
    @TempDir
    Path dir

    /** Builds a tar with commons-compress; each item is [name, content] or [name, type, linkTarget]. */
    Path tar(String name, List<List> items, int longFileMode = TarArchiveOutputStream.LONGFILE_POSIX) {
        Path file = dir.resolve(name)
        new TarArchiveOutputStream(Files.newOutputStream(file)).withCloseable { out ->
            out.longFileMode = longFileMode
            items.each { item ->
                TarArchiveEntry e
                if (item.size() == 3) {
                    e = new TarArchiveEntry(item[0] as String, item[1] as byte, true)
                    e.linkName = item[2]
                } else {
                    byte[] content = item[1] instanceof byte[] ? item[1] : item[1].toString().bytes
                    e = new TarArchiveEntry(item[0] as String, true)
                    e.size = content.length
                    out.putArchiveEntry(e)
                    out.write(content)
                    out.closeArchiveEntry()
                    return
                }
                out.putArchiveEntry(e)
                out.closeArchiveEntry()
            }
        }
        file
    }

    def "entries are found by cleaned name and read in place"() {
        given:
        def file = tar('a.tar', [['./blobs/sha256/abc', 'hello'], ['index.json', '{}'], ['dir//x', 'y']])

        when:
        def index = TarIndex.open(file)

        then:
        index.entries().keySet() as List == ['blobs/sha256/abc', 'index.json', 'dir/x']
        index.open('blobs/sha256/abc').text == 'hello'
        index.open('./blobs//sha256/abc').text == 'hello'
        index.size('index.json') == 2
        index.readAll('index.json', 10) == '{}'.bytes
        !index.contains('missing')

        cleanup:
        index?.close()
    }

    def "long names written as PAX or GNU records are read back"() {
        given:
        def longName = 'blobs/sha256/' + 'a' * 150
        def file = tar('long.tar', [[longName, 'x' * 1000]], mode)

        expect:
        TarIndex.open(file).withCloseable { it.open(longName).text == 'x' * 1000 }

        where:
        mode << [TarArchiveOutputStream.LONGFILE_POSIX, TarArchiveOutputStream.LONGFILE_GNU]
    }

    def "symlinks are followed inside the archive, relative to the link's folder"() {
        given:
        def file = tar('links.tar', [
                ['abc/layer.tar', 'layer bytes'],
                ['def/layer.tar', TarConstants.LF_SYMLINK, '../abc/layer.tar'],
                ['latest', TarConstants.LF_SYMLINK, 'def'],
        ])

        expect:
        TarIndex.open(file).withCloseable { it.open('def/layer.tar').text == 'layer bytes' && it.open('latest/layer.tar').text == 'layer bytes' }
    }

    def "a hostile tar is refused with an error naming the archive and the entry: #why"() {
        given:
        def file = tar('bad.tar', items)

        when:
        TarIndex.open(file).withCloseable { it.open(lookup) }

        then:
        def e = thrown(TarException)
        e.message.contains(file.toString())
        e.message.contains("\"$entry\"")
        e.message.contains(message)

        where:
        why                       | items                                                                           | lookup        | entry             | message
        'a .. entry'              | [['ok', 'x'], ['../../etc/passwd', 'x']]                                        | 'ok'          | '../../etc/passwd' | 'contains ".."'
        'an absolute entry'       | [['/etc/passwd', 'x']]                                                          | 'x'           | '/etc/passwd'     | 'absolute path'
        'a hard link'             | [['a', 'x'], ['b', TarConstants.LF_LINK, 'a']]                                  | 'a'           | 'b'               | 'hard link'
        'a symlink leaving it'    | [['x', TarConstants.LF_SYMLINK, '../../outside']]                               | 'x'           | 'x'               | 'points outside the archive'
        'an absolute symlink'     | [['x', TarConstants.LF_SYMLINK, '/etc/passwd']]                                 | 'x'           | 'x'               | 'absolute path "/etc/passwd"'
        'a symlink cycle'         | [['a', TarConstants.LF_SYMLINK, 'b'], ['b', TarConstants.LF_SYMLINK, 'a']]      | 'a'           | 'a'               | 'symlink cycle'
        'a missing entry'         | [['a', 'x']]                                                                    | 'index.json'  | 'index.json'      | 'no such file'
    }

    def "a truncated tar is reported with the entry that runs past the end"() {
        given:
        def file = tar('whole.tar', [['index.json', '{}'], ['blobs/big', 'z' * 5000]])
        def cut = dir.resolve('cut.tar')
        Files.write(cut, Arrays.copyOf(Files.readAllBytes(file), 2048))

        when:
        TarIndex.open(cut)

        then:
        def e = thrown(TarException)
        e.message.contains(cut.toString())
        e.message.contains('"blobs/big"')
        e.message.contains('truncated tar')
    }

    def "oversized PAX records and non-tar files are refused, not read into memory"() {
        given:
        def file = dir.resolve('pax.tar')
        def out = new ByteArrayOutputStream()
        def writer = new TarWriter(out)
        writer.file('PaxHeaders/x', new byte[0])
        writer.finish()
        byte[] bytes = out.toByteArray()
        // Turn the first header into a PAX header claiming 8 MiB of records, followed by that much data.
        bytes[156] = (byte) 'x'
        def sized = '00040000000\0'.bytes
        System.arraycopy(sized, 0, bytes, 124, 12)
        rechecksum(bytes)
        Files.newOutputStream(file).withCloseable { it.write(bytes); it.write(new byte[8 * 1024 * 1024 + 1024]) }
        def gz = dir.resolve('x.tar.gz')
        new java.util.zip.GZIPOutputStream(Files.newOutputStream(gz)).withCloseable { it.write(Files.readAllBytes(tar('p.tar', [['a', 'b']]))) }

        when:
        TarIndex.open(file)

        then:
        def e = thrown(TarException)
        e.message.contains('larger than the limit of 1048576 bytes')

        when:
        TarIndex.open(gz)

        then:
        def e2 = thrown(TarException)
        e2.message.contains('gzip-compressed')
    }

    static void rechecksum(byte[] h) {
        Arrays.fill(h, 148, 156, (byte) ' ')
        long sum = 0
        for (int i = 0; i < 512; i++) {
            sum += h[i] & 0xff
        }
        def s = String.format('%06o', sum) + '\0 '
        System.arraycopy(s.bytes, 0, h, 148, 8)
    }

    def "the writer streams entries that commons-compress and the index both read back"() {
        given:
        def target = dir.resolve('out/image.tar')
        def longName = 'blobs/sha256/' + 'b' * 200
        def content = new byte[100_000]
        new Random(1).nextBytes(content)

        when:
        PendingTar.create(target).withCloseable { pending ->
            pending.writer().directory('blobs')
            pending.writer().file('oci-layout', '{}'.bytes)
            pending.writer().file(longName, content.length, new ByteArrayInputStream(content))
            pending.writer().symlink('link', longName)
            pending.commit()
        }

        then: 'only the final archive is in the folder'
        Files.list(target.parent).toList() == [target]

        and:
        names(target) == ['blobs/', 'oci-layout', longName, 'link']
        TarIndex.open(target).withCloseable { it.open('link').bytes == content && it.open(longName).bytes == content }
    }

    static List<String> names(Path tar) {
        def names = []
        new TarArchiveInputStream(Files.newInputStream(tar)).withCloseable { tin ->
            def e
            while ((e = tin.nextEntry) != null) {
                names << e.name
            }
        }
        names
    }

    def "a tar that is not committed leaves no file, and an earlier archive untouched"() {
        given:
        def target = dir.resolve('image.tar')
        Files.write(target, 'old'.bytes)

        when:
        PendingTar.create(target).withCloseable { pending ->
            pending.writer().file('x', 10, new ByteArrayInputStream('short'.bytes))
        }

        then:
        thrown(IOException)
        Files.list(dir).toList() == [target]
        Files.readString(target) == 'old'
    }

    def "several entries can be read at once, as a parallel copy does"() {
        given:
        def items = (1..8).collect { ["blob$it", ("$it" * 100_000)] }
        def file = tar('many.tar', items)
        def pool = Executors.newFixedThreadPool(8)

        when:
        def index = TarIndex.open(file)
        def results = (1..8).collect { n -> pool.submit({ index.open("blob$n").text } as java.util.concurrent.Callable) }*.get()

        then:
        results == (1..8).collect { "$it" * 100_000 }

        cleanup:
        pool.shutdown()
        index?.close()
    }
}
