package dev.skiff.transport.layout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.SkiffException;
import dev.skiff.io.AtomicFiles;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.channels.FileChannel;
import java.nio.channels.FileLock;
import java.nio.channels.OverlappingFileLockException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.UnaryOperator;

/** An OCI image layout directory: {@code oci-layout}, {@code index.json}, {@code blobs/ALG/HEX}. */
public final class OciLayout implements LayoutFiles, LayoutStore {
    private final Path dir;

    private OciLayout(Path dir) {
        this.dir = dir;
    }

    /** An existing layout; fails clearly when the directory is not one. */
    public static OciLayout open(OciLayoutReference ref) {
        Path dir = ref.directory();
        if (!Files.isDirectory(dir)) {
            throw new SkiffException("no OCI layout at " + dir + ": the directory does not exist");
        }
        if (!Files.isRegularFile(dir.resolve("index.json"))) {
            throw new SkiffException("no OCI layout at " + dir + ": it has no index.json"
                    + (Files.isRegularFile(dir.resolve("manifest.json")) ? " (it looks like a dir: image; try dir:" + dir + ")" : ""));
        }
        return new OciLayout(dir);
    }

    /** A layout to write into, created when missing. */
    public static OciLayout create(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SkiffException("cannot write an OCI layout at " + dir + ": it is a file, not a directory");
        }
        Files.createDirectories(dir);
        Path marker = dir.resolve("oci-layout");
        if (!Files.exists(marker)) {
            AtomicFiles.write(marker, LayoutIndex.LAYOUT_FILE);
        }
        return new OciLayout(dir);
    }

    public Path directory() {
        return dir;
    }

    @Override
    public String describe() {
        return "the OCI layout at " + dir;
    }

    @Override
    public String referencePrefix() {
        return "oci:" + dir;
    }

    /** Where a blob lives; safe because {@link Digest} admits only hex. */
    public Path blobPath(Digest digest) {
        return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        Path p = blobPath(blob.digest());
        return Files.isRegularFile(p) && Files.size(p) == blob.size();
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        try {
            return Files.newInputStream(blobPath(blob.digest()));
        } catch (NoSuchFileException e) {
            throw new SkiffException("blob " + blob.digest() + " is missing from the OCI layout at " + dir);
        }
    }

    /** Publishes a blob atomically; the content stream is read to its end (and so verified) first. */
    @Override
    public void writeBlob(Descriptor blob, InputStream content) throws IOException {
        AtomicFiles.write(blobPath(blob.digest()), content);
    }

    /** Every file under {@code blobs/ALG/} whose name is a digest (Skiff's temp files are not). */
    @Override
    public java.util.Set<Digest> storedBlobs() throws IOException {
        java.util.Set<Digest> found = new java.util.TreeSet<>(java.util.Comparator.comparing(Digest::toString));
        Path blobs = dir.resolve("blobs");
        if (!Files.isDirectory(blobs)) {
            return found;
        }
        try (java.util.stream.Stream<Path> algorithms = Files.list(blobs)) {
            for (Path alg : algorithms.filter(Files::isDirectory).toList()) {
                try (java.util.stream.Stream<Path> files = Files.list(alg)) {
                    files.map(f -> alg.getFileName() + ":" + f.getFileName())
                            .filter(Digest::isValid).map(Digest::parse).forEach(found::add);
                }
            }
        }
        return found;
    }

    @Override
    public byte[] readIndex() throws IOException {
        try (InputStream in = Files.newInputStream(dir.resolve("index.json"))) {
            return BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "index.json in " + dir);
        }
    }

    /**
     * Read-modify-write of index.json under a lock file, so two writers do not lose each other's
     * entries; the file is replaced atomically.
     */
    @Override
    public void commitIndex(UnaryOperator<ArrayNode> change) throws IOException {
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(".skiff-index.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = acquire(lockChannel)) {
            Path indexPath = dir.resolve("index.json");
            byte[] existing = Files.exists(indexPath) ? Files.readAllBytes(indexPath) : null;
            AtomicFiles.write(indexPath, LayoutIndex.update(existing, change, dir.toString()));
        }
    }

    private FileLock acquire(FileChannel channel) throws IOException {
        try {
            FileLock lock = channel.tryLock();
            if (lock == null) {
                lock = channel.lock();
            }
            return lock;
        } catch (OverlappingFileLockException e) {
            throw new SkiffException("the OCI layout at " + dir + " is being written by another task in this process");
        }
    }

    @Override
    public void close() {
    }
}
