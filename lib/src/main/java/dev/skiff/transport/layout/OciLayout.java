package dev.skiff.transport.layout;

import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.SkiffException;
import dev.skiff.io.AtomicFiles;
import dev.skiff.io.BlobCheck;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.Warnings;
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
import java.util.function.Consumer;
import java.util.function.UnaryOperator;

/** An OCI image layout directory: {@code oci-layout}, {@code index.json}, {@code blobs/ALG/HEX}. */
public final class OciLayout implements LayoutFiles, LayoutStore {
    /** The lock every Skiff writer of a layout takes (index.json updates, deletes). */
    static final String LOCK_FILE = ".skiff-index.lock";

    private final Path dir;
    /**
     * Where blobs live: {@code DIR/blobs}, or a directory several layouts share (skopeo's
     * {@code --shared-blob-dir}, laid out as {@code SHARED/ALG/HEX}).
     */
    private Path blobs;
    /** What this writer and the others of its group created (null when reading). */
    private final LayoutWrites writes;

    private boolean closed;
    /** Where lines for a person go (a lock waited for, leftovers removed); a quiet command passes a sink that drops them. */
    private final Consumer<String> notices;

    private OciLayout(Path dir, LayoutWrites writes, Consumer<String> notices) {
        this.dir = dir;
        this.blobs = dir.resolve("blobs");
        this.writes = writes;
        this.notices = notices;
    }

    /** An existing layout; fails clearly when the directory is not one. */
    public static OciLayout open(OciLayoutReference ref) {
        Path dir = ref.directory();
        if (!Files.isDirectory(dir)) {
            throw new dev.skiff.transport.ImageNotFoundException(
                    "no OCI layout at " + dir + ": the directory does not exist");
        }
        if (!Files.isRegularFile(dir.resolve("index.json"))) {
            throw new SkiffException("no OCI layout at " + dir + ": it has no index.json"
                    + (Files.isRegularFile(dir.resolve("manifest.json"))
                            ? " (it looks like a dir: image; try dir:" + dir + ")"
                            : ""));
        }
        return new OciLayout(dir, null, Warnings::print);
    }

    /** A layout to write into, created when missing; closed without a commit, what it created is taken back. */
    public static OciLayout create(Path dir) throws IOException {
        return create(dir, null, Warnings::print);
    }

    /**
     * A layout to write into, created when missing. Closed without a commit, what it created is
     * removed again (see {@link LayoutWrites}; with a {@code session}, once no writer of the
     * directory in it committed).
     */
    public static OciLayout create(Path dir, dev.skiff.transport.TransportSession session, Consumer<String> notices)
            throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SkiffException("cannot write an OCI layout at " + dir + ": it is a file, not a directory");
        }
        LayoutWrites writes = LayoutWrites.of(dir, session);
        writes.open(LayoutIndex.LAYOUT_FILE);
        OciLayout layout = new OciLayout(dir, writes, notices);
        try {
            layout.removeLeftovers();
        } catch (IOException | RuntimeException e) {
            layout.close();
            throw e;
        }
        return layout;
    }

    /** Temp files a killed run left (blobs half-written, an index.json never renamed). */
    private void removeLeftovers() throws IOException {
        int removed = AtomicFiles.removeStaleTemps(dir, null);
        if (Files.isDirectory(blobs)) {
            try (java.util.stream.Stream<Path> algorithms = Files.list(blobs)) {
                for (Path alg : algorithms.filter(Files::isDirectory).toList()) {
                    removed += AtomicFiles.removeStaleTemps(alg, null);
                }
            }
        }
        if (removed > 0) {
            notices.accept("Removed " + removed + " temporary file" + (removed == 1 ? "" : "s")
                    + " an interrupted earlier run left in the OCI layout at " + dir);
        }
    }

    public Path directory() {
        return dir;
    }

    /** This layout with its blobs in {@code shared} (null: its own {@code blobs/}); as containers/image, SHARED/ALG/HEX. */
    OciLayout withSharedBlobs(Path shared) {
        if (shared != null) {
            blobs = shared;
        }
        return this;
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
        return blobs.resolve(digest.algorithm()).resolve(digest.hex());
    }

    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        // Its name is no proof: a blob damaged on disk is re-hashed here, not reused.
        return BlobCheck.reusable(blobPath(blob.digest()), blob, describe());
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
        Path target = blobPath(blob.digest());
        boolean isNew = writes != null && writes.isNew(target);
        AtomicFiles.writeContentAddressed(target, content);
        if (isNew) {
            writes.created(target);
        }
    }

    /**
     * Publishes a blob whose sha256 digest is computed while it is written (a rewritten layer): a
     * temp file in {@code blobs/sha256/}, renamed to its digest after the last byte.
     */
    @Override
    public Descriptor writeBlob(String mediaType, InputStream content) throws IOException {
        java.security.DigestInputStream hashing = new java.security.DigestInputStream(content, Digest.newSha256());
        Path sha256 = blobs.resolve("sha256");
        try (AtomicFiles.Pending pending = AtomicFiles.create(sha256.resolve("rewritten"))) {
            long size = hashing.transferTo(pending.stream());
            Digest digest = Digest.sha256(hashing.getMessageDigest());
            Path target = blobPath(digest);
            boolean isNew = writes != null && writes.isNew(target);
            pending.commitAs(target, false);
            if (isNew) {
                writes.created(target);
            }
            return Descriptor.of(mediaType, digest, size);
        }
    }

    /** Every file under {@code blobs/ALG/} whose name is a digest (Skiff's temp files are not). */
    @Override
    public java.util.Set<Digest> storedBlobs() throws IOException {
        java.util.Set<Digest> found = new java.util.TreeSet<>(java.util.Comparator.comparing(Digest::toString));
        if (!Files.isDirectory(blobs)) {
            return found;
        }
        try (java.util.stream.Stream<Path> algorithms = Files.list(blobs)) {
            for (Path alg : algorithms.filter(Files::isDirectory).toList()) {
                try (java.util.stream.Stream<Path> files = Files.list(alg)) {
                    files.map(f -> alg.getFileName() + ":" + f.getFileName())
                            .filter(Digest::isValid)
                            .map(Digest::parse)
                            .forEach(found::add);
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
        try (FileChannel lockChannel =
                        FileChannel.open(dir.resolve(LOCK_FILE), StandardOpenOption.CREATE, StandardOpenOption.WRITE);
                FileLock lock = acquire(lockChannel)) {
            Path indexPath = dir.resolve("index.json");
            byte[] existing = Files.exists(indexPath) ? Files.readAllBytes(indexPath) : null;
            AtomicFiles.write(indexPath, LayoutIndex.update(existing, change, dir.toString()));
        }
        if (writes != null) {
            writes.committed();
        }
    }

    /**
     * Takes the layout's lock, waiting a bounded time when another writer holds it. Writers hold
     * it only while they rewrite index.json, so a wait is short; a lock still held after
     * {@link #lockTimeout()} means a stuck writer, and the message says who it is. The lock is the
     * operating system's (fcntl), so a killed writer's lock is released with it: the file itself
     * never needs deleting.
     */
    private FileLock acquire(FileChannel channel) throws IOException {
        long deadline = System.nanoTime() + lockTimeout().toNanos();
        boolean told = false;
        while (true) {
            FileLock lock;
            try {
                lock = channel.tryLock();
            } catch (OverlappingFileLockException sameProcess) {
                lock = null; // another thread of this process holds it: wait as for another process
            }
            if (lock != null) {
                channel.truncate(0);
                channel.write(java.nio.ByteBuffer.wrap(holder().getBytes(java.nio.charset.StandardCharsets.UTF_8)), 0);
                return lock;
            }
            if (System.nanoTime() > deadline) {
                throw new SkiffException(
                        "the OCI layout at " + dir + " is locked by " + heldBy() + " for more than "
                                + lockTimeout().toSeconds() + " s (" + dir.resolve(LOCK_FILE)
                                + "): wait for that process to "
                                + "finish and run this again (a stopped process releases the lock; the file need not be deleted)");
            }
            if (!told) {
                notices.accept("Waiting for the OCI layout at " + dir + ": " + heldBy() + " is writing its index.json "
                        + "(waiting up to " + lockTimeout().toSeconds() + " s)");
                told = true;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SkiffException("interrupted while waiting for the lock of the OCI layout at " + dir);
            }
        }
    }

    /** What a lock holder writes into the lock file, for whoever waits. */
    private static String holder() {
        ProcessHandle me = ProcessHandle.current();
        String host;
        try {
            host = java.net.InetAddress.getLocalHost().getHostName();
        } catch (IOException e) {
            host = "this host";
        }
        return "Skiff process " + me.pid() + " on " + host + " since " + java.time.Instant.now() + "\n";
    }

    private String heldBy() {
        try {
            String text = Files.readString(dir.resolve(LOCK_FILE)).trim();
            return text.isEmpty() ? "another process" : text;
        } catch (IOException e) {
            return "another process";
        }
    }

    /** {@code SKIFF_LOCK_TIMEOUT} seconds (system property {@code skiff.lockTimeout}), default 60. */
    static java.time.Duration lockTimeout() {
        String value = System.getProperty("skiff.lockTimeout", System.getenv("SKIFF_LOCK_TIMEOUT"));
        try {
            return java.time.Duration.ofSeconds(value == null ? 60 : Long.parseLong(value.trim()));
        } catch (NumberFormatException e) {
            return java.time.Duration.ofSeconds(60);
        }
    }

    /** For a writer: the last of its group to close, none having committed, takes back what they created. */
    @Override
    public synchronized void close() throws IOException {
        if (writes != null && !closed) {
            closed = true;
            writes.closed();
        }
    }
}
