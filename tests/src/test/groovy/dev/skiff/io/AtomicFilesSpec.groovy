package dev.skiff.io

import java.nio.file.Files
import java.nio.file.Path
import spock.lang.Isolated
import spock.lang.Specification
import spock.lang.TempDir

/**
 * Blobs are renamed into place with their data on disk, and their directory is synced once, before
 * the next file that may name them (a layout's index.json) is published. Isolated: the set of
 * directories awaiting a sync is the process's, and another spec's write would drain it.
 */
@Isolated
class AtomicFilesSpec extends Specification {
    @TempDir
    Path dir

    def "a content-addressed file leaves its directory to be synced by the next write, which syncs it before it publishes"() {
        given:
        Path blobs = dir.resolve('blobs/sha256')

        when: 'two blobs'
        AtomicFiles.writeContentAddressed(blobs.resolve('a' * 64), new ByteArrayInputStream('one'.bytes))
        AtomicFiles.writeContentAddressed(blobs.resolve('b' * 64), new ByteArrayInputStream('two'.bytes))

        then: 'their data is under the final names, and their directory is awaiting one sync'
        Files.readString(blobs.resolve('a' * 64)) == 'one'
        Files.readString(blobs.resolve('b' * 64)) == 'two'
        AtomicFiles.unsyncedDirectories().contains(blobs.toAbsolutePath())

        when: 'the file that names them'
        AtomicFiles.write(dir.resolve('index.json'), '{}'.bytes)

        then:
        Files.readString(dir.resolve('index.json')) == '{}'
        AtomicFiles.unsyncedDirectories().isEmpty()
    }

    def "a content-addressed write that fails leaves no file and nothing to sync"() {
        given:
        Path blobs = dir.resolve('blobs/sha256')
        def failing = new InputStream() {
            int n
            int read() {
                if (n++ > 10) throw new IOException('digest mismatch')
                'x' as char
            }
        }

        when:
        AtomicFiles.writeContentAddressed(blobs.resolve('c' * 64), failing)

        then:
        thrown(IOException)
        !Files.exists(blobs.resolve('c' * 64))
        Files.list(blobs).withCloseable { it.count() } == 0
        !AtomicFiles.unsyncedDirectories().contains(blobs.toAbsolutePath())
    }
}
