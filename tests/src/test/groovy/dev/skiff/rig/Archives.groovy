package dev.skiff.rig

import groovy.json.JsonOutput
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path
import java.security.MessageDigest
import org.apache.commons.compress.archivers.tar.TarArchiveEntry
import org.apache.commons.compress.archivers.tar.TarArchiveInputStream
import org.apache.commons.compress.archivers.tar.TarArchiveOutputStream
import org.apache.commons.compress.archivers.tar.TarConstants

/** Reads and rewrites tar archives and OCI layouts, to make broken and hostile inputs from good ones. */
class Archives {
    /** Every entry of a tar: name → bytes (symlinks → "-> target"). */
    static Map<String, byte[]> entries(Path tar) {
        Map<String, byte[]> out = [:]
        new TarArchiveInputStream(Files.newInputStream(tar)).withCloseable { TarArchiveInputStream in ->
            TarArchiveEntry e
            while ((e = in.nextEntry) != null) {
                out[e.name] = e.symbolicLink ? "-> ${e.linkName}".toString().bytes : in.readAllBytes()
            }
        }
        out
    }

    /**
     * Copies {@code source} to {@code target} entry by entry; {@code change(name, bytes)} returns the
     * new bytes, the same bytes, or null to drop the entry (a symlink is given as "-> target" and
     * is kept unchanged unless dropped). An {@code extra} entry given as "-> target" is a symlink. {@code extra} entries are appended.
     */
    static Path rewrite(Path source, Path target, Closure<byte[]> change) {
        rewrite(source, target, [:], change)
    }

    static Path rewrite(Path source, Path target, Map<String, byte[]> extra, Closure<byte[]> change = { n, b -> b }) {
        new TarArchiveInputStream(Files.newInputStream(source)).withCloseable { TarArchiveInputStream in ->
            new TarArchiveOutputStream(Files.newOutputStream(target)).withCloseable { TarArchiveOutputStream out ->
                out.longFileMode = TarArchiveOutputStream.LONGFILE_POSIX
                TarArchiveEntry e
                while ((e = in.nextEntry) != null) {
                    if (e.symbolicLink) {
                        if (change(e.name, "-> ${e.linkName}".toString().bytes) != null) {
                            out.putArchiveEntry(e)
                            out.closeArchiveEntry()
                        }
                        continue
                    }
                    byte[] content = change(e.name, in.readAllBytes())
                    if (content == null) {
                        continue
                    }
                    def copy = new TarArchiveEntry(e.name)
                    copy.size = content.length
                    out.putArchiveEntry(copy)
                    out.write(content)
                    out.closeArchiveEntry()
                }
                extra.each { name, content ->
                    String text = new String(content, 'UTF-8')
                    if (text.startsWith('-> ')) {
                        def link = new TarArchiveEntry(name, TarConstants.LF_SYMLINK)
                        link.linkName = text.substring(3)
                        out.putArchiveEntry(link)
                        out.closeArchiveEntry()
                        return
                    }
                    def entry = new TarArchiveEntry(name)
                    entry.size = content.length
                    out.putArchiveEntry(entry)
                    out.write(content)
                    out.closeArchiveEntry()
                }
            }
        }
        target
    }

    static String sha256(byte[] bytes) {
        'sha256:' + MessageDigest.getInstance('SHA-256').digest(bytes).encodeHex().toString()
    }

    static Object json(byte[] bytes) {
        new JsonSlurper().parse(bytes)
    }

    /** The config digest of the manifest {@code skopeo inspect --raw} prints for {@code ref}. */
    static String configDigest(String ref, String... skopeoFlags) {
        def args = ['inspect', '--raw'] + skopeoFlags.toList() + [ref]
        new JsonSlurper().parseText(Tools.skopeo(args as String[])).config.digest
    }

    /**
     * The config digest of {@code oci:LAYOUT:TAG}, read from the layout's files (skopeo 1.9.3 cannot
     * read Docker media-type manifests from a layout, and this needs no tool at all).
     */
    static String layoutConfigDigest(String ref) {
        def (String path, String tag) = ref.substring('oci:'.length()).split(':', 2) as List
        Path layout = Path.of(path)
        def index = new JsonSlurper().parse(layout.resolve('index.json').toFile())
        def entry = index.manifests.find { it.annotations?.get('org.opencontainers.image.ref.name') == tag }
        assert entry != null: "no ${tag} in ${layout}"
        new JsonSlurper().parse(blob(layout, entry.digest).toFile()).config.digest
    }

    /**
     * Rewrites the single image of an OCI layout: {@code change(manifest, blobs)} edits the parsed
     * manifest and may put new blobs (digest → bytes) into {@code blobs}; the new manifest is
     * stored and index.json points at it.
     */
    static void editLayoutImage(Path layout, Closure change) {
        def indexFile = layout.resolve('index.json')
        def index = new JsonSlurper().parse(indexFile.toFile())
        def entry = index.manifests[0]
        def manifest = new JsonSlurper().parse(blob(layout, entry.digest).toFile())
        Map<String, byte[]> blobs = [:]
        change(manifest, blobs)
        blobs.each { digest, bytes -> Files.write(blob(layout, digest), bytes) }
        byte[] raw = JsonOutput.toJson(manifest).bytes
        String digest = sha256(raw)
        Files.write(blob(layout, digest), raw)
        entry.digest = digest
        entry.size = raw.length
        Files.writeString(indexFile, JsonOutput.toJson(index))
    }

    static Path blob(Path layout, String digest) {
        layout.resolve('blobs/sha256').resolve(digest.substring('sha256:'.length()))
    }
}
