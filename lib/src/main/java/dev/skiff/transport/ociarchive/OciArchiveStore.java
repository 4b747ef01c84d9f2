package dev.skiff.transport.ociarchive;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.SkiffException;
import dev.skiff.io.AtomicFiles;
import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import dev.skiff.transport.archive.PendingTar;
import dev.skiff.transport.archive.TarIndex;
import dev.skiff.transport.layout.LayoutIndex;
import dev.skiff.transport.layout.LayoutStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * Writes an OCI archive by streaming: blobs go into a new tar (a temp file next to the target) as
 * they arrive; at commit the blobs of the archive that was there are carried over, index.json is
 * the old one with one entry added or replaced, and the new tar is renamed over the old. A failed
 * copy deletes the temp file, so the archive that was there keeps all its tags.
 */
final class OciArchiveStore implements LayoutStore {
    private final Path target;
    private final OciArchiveFiles old;
    private final PendingTar tar;
    private final Set<String> written = new HashSet<>();
    private boolean broken;

    private OciArchiveStore(Path target, OciArchiveFiles old, PendingTar tar) {
        this.target = target;
        this.old = old;
        this.tar = tar;
    }

    static OciArchiveStore create(Path target) throws IOException {
        if (Files.isDirectory(target)) {
            throw new SkiffException("cannot write an OCI archive at " + target
                    + ": it is a directory (for an OCI layout use oci:" + target + ")");
        }
        OciArchiveFiles old = null;
        if (Files.exists(target)) {
            try {
                old = OciArchiveFiles.open(target);
            } catch (SkiffException e) {
                throw new SkiffException(
                        "cannot add an image to " + target + ": the file there is not a usable OCI archive ("
                                + e.getMessage() + "); move it away or choose another path",
                        e);
            }
        }
        PendingTar tar = null;
        try {
            tar = PendingTar.create(target);
            tar.writer().file("oci-layout", LayoutIndex.LAYOUT_FILE);
            return new OciArchiveStore(target, old, tar);
        } catch (IOException | RuntimeException e) {
            if (tar != null) {
                tar.close();
            }
            if (old != null) {
                old.close();
            }
            throw e;
        }
    }

    @Override
    public synchronized boolean hasBlob(Descriptor blob) throws IOException {
        String name = OciArchiveFiles.blobName(blob.digest());
        if (written.contains(name)) {
            return true;
        }
        TarIndex.Entry e = old == null ? null : old.tar().resolve(name);
        if (e == null || e.kind() != TarIndex.Kind.FILE || e.size() != blob.size()) {
            return false;
        }
        // Its name is no proof: a damaged blob in the old archive is copied again, not carried over.
        try (InputStream in = old.tar().open(name)) {
            return dev.skiff.io.BlobCheck.reusable(in, blob, "the OCI archive " + target);
        }
    }

    /** One entry at a time: the tar is a stream, so parallel blob copies take turns here. */
    @Override
    public synchronized void writeBlob(Descriptor blob, InputStream content) throws IOException {
        String name = OciArchiveFiles.blobName(blob.digest());
        if (written.contains(name)) {
            return;
        }
        boolean done = false;
        try {
            tar.writer().file(name, blob.size(), content);
            done = true;
        } finally {
            broken |= !done; // a half-written entry: this tar must never be committed
        }
        written.add(name);
    }

    /**
     * A tar entry needs its size before its bytes, so a rewritten layer is spooled first, hashed on
     * the way, to a temp file beside the archive (named as the archive's own temps, so a killed
     * run's spool is removed by the next write), then written as an entry and the spool deleted.
     */
    @Override
    public Descriptor writeBlob(String mediaType, InputStream content) throws IOException {
        java.security.DigestInputStream hashing = new java.security.DigestInputStream(content, Digest.newSha256());
        try (AtomicFiles.Pending spool = AtomicFiles.create(target)) {
            long size = hashing.transferTo(spool.stream());
            spool.stream().flush();
            Digest digest = Digest.sha256(hashing.getMessageDigest());
            Descriptor blob = Descriptor.of(mediaType, digest, size);
            try (InputStream in = Files.newInputStream(spool.tempFile())) {
                writeBlob(blob, in);
            }
            return blob;
        }
    }

    @Override
    public synchronized void commitIndex(UnaryOperator<ArrayNode> change) throws IOException {
        if (broken) {
            throw new IllegalStateException("commit after a failed blob write");
        }
        byte[] existing = null;
        if (old != null) {
            for (TarIndex.Entry e : old.tar().entries().values()) {
                if (e.kind() == TarIndex.Kind.DIRECTORY || !e.name().startsWith("blobs/")) {
                    continue;
                }
                // A symlinked blob (followed inside the archive only) is carried over as a plain file.
                TarIndex.Entry content =
                        e.kind() == TarIndex.Kind.SYMLINK ? old.tar().resolve(e.name()) : e;
                if (content != null && content.kind() == TarIndex.Kind.FILE && written.add(e.name())) {
                    try (InputStream in = old.tar().open(e.name())) {
                        tar.writer().file(e.name(), content.size(), in);
                    }
                }
            }
            existing = old.readIndex();
        }
        tar.writer().file(OciArchiveFiles.INDEX, LayoutIndex.update(existing, change, "the OCI archive " + target));
        tar.commit();
    }

    @Override
    public void close() throws IOException {
        try {
            tar.close();
        } finally {
            if (old != null) {
                old.close();
            }
        }
    }
}
