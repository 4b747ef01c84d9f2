package dev.skiff.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;

/**
 * Temp file + fsync + rename (rule 5): a crash leaves the old file or the new one, never a
 * truncated file under the final name. The temp file lives in the target's directory so the
 * rename stays on one file system.
 */
public final class AtomicFiles {
    /** Skiff's temp names: {@code .tmp-TARGET-RANDOM.pPID}; the pid tells a dead writer's leftovers. */
    static final String TEMP_PREFIX = ".tmp-";

    private static final java.util.regex.Pattern TEMP_NAME =
            java.util.regex.Pattern.compile("\\.tmp-(.+)-\\d+(?:\\.p(\\d+))?");
    /** A temp file untouched this long is stale even if its pid is alive (pid reuse, another host). */
    static final java.time.Duration ABANDONED = java.time.Duration.ofHours(24);

    private AtomicFiles() {}

    /**
     * Deletes the temp files a killed Skiff run left in {@code dir} (for {@code target} only, or any
     * when null): Skiff's own names only, and only stale ones: the writing process is gone from
     * this machine, or the file has not been touched for a day. A live writer's temp file (another
     * copy into the same layout right now) is left alone. Returns how many were removed.
     */
    public static int removeStaleTemps(Path dir, String target) throws IOException {
        if (!Files.isDirectory(dir)) {
            return 0;
        }
        int removed = 0;
        java.util.List<Path> files;
        try (java.util.stream.Stream<Path> list = Files.list(dir)) {
            files = list.toList();
        }
        java.time.Instant abandonedBefore = java.time.Instant.now().minus(ABANDONED);
        for (Path file : files) {
            java.util.regex.Matcher m = TEMP_NAME.matcher(file.getFileName().toString());
            if (!m.matches() || (target != null && !m.group(1).equals(target)) || !Files.isRegularFile(file)) {
                continue;
            }
            boolean writerGone = m.group(2) != null
                    && ProcessHandle.of(Long.parseLong(m.group(2))).isEmpty();
            try {
                if (writerGone || Files.getLastModifiedTime(file).toInstant().isBefore(abandonedBefore)) {
                    removed += Files.deleteIfExists(file) ? 1 : 0;
                }
            } catch (java.nio.file.NoSuchFileException gone) {
                // Committed or cleaned by someone else meanwhile.
            }
        }
        return removed;
    }

    /**
     * Directories where a blob was renamed into place whose rename is not yet durable. Content-
     * addressed files are only ever found through a file written after them (a layout's
     * index.json), so their directory is synced once, before that file is published, instead of
     * once per blob (each sync of a directory costs a journal commit: about 5 ms here, ten of them
     * in an 8-layer pull).
     */
    private static final java.util.Set<Path> UNSYNCED = java.util.concurrent.ConcurrentHashMap.newKeySet();

    /**
     * As {@link #write(Path, InputStream)}, for content-addressed files (blobs): the data is on disk
     * before the rename, the rename itself becomes durable by {@link #syncRenames()}, which every
     * other write here calls first.
     */
    public static long writeContentAddressed(Path target, InputStream content) throws IOException {
        try (Pending pending = create(target)) {
            long written = content.transferTo(pending.stream());
            pending.commitAs(target, false);
            return written;
        }
    }

    /** The directories {@link #syncRenames()} would sync now (for tests). */
    static java.util.Set<Path> unsyncedDirectories() {
        return java.util.Set.copyOf(UNSYNCED);
    }

    /** Makes every earlier rename of {@link #writeContentAddressed} durable. */
    private static void syncRenames() {
        for (Path dir : UNSYNCED) {
            if (UNSYNCED.remove(dir)) {
                syncDirectory(dir);
            }
        }
    }

    public static void write(Path target, byte[] content) throws IOException {
        write(target, new java.io.ByteArrayInputStream(content));
    }

    /**
     * Copies {@code content} to its end into a temp file, then renames it to {@code target}. If
     * reading throws (a verifying stream finding a wrong digest), the temp file is removed and
     * {@code target} is untouched.
     */
    public static long write(Path target, InputStream content) throws IOException {
        try (Pending pending = create(target)) {
            long written = content.transferTo(pending.stream());
            pending.commit();
            return written;
        }
    }

    /** A temp file next to {@code target}, to be written as a stream and then committed or discarded. */
    public static Pending create(Path target) throws IOException {
        return new Pending(target);
    }

    /**
     * A file being written under a temp name. {@link #commit()} flushes, fsyncs and renames it over
     * the target; {@link #close()} without a commit deletes it, leaving the target as it was.
     */
    public static final class Pending implements AutoCloseable {
        private final Path target;
        private final Path dir;
        private final Path temp;
        private final FileChannel channel;
        private final OutputStream stream;
        private boolean committed;

        private Pending(Path target) throws IOException {
            this.target = target;
            this.dir = target.toAbsolutePath().getParent();
            Files.createDirectories(dir);
            this.temp = Files.createTempFile(
                    dir,
                    TEMP_PREFIX + target.getFileName() + "-",
                    ".p" + ProcessHandle.current().pid());
            readableByAll(temp);
            this.channel = FileChannel.open(temp, StandardOpenOption.WRITE);
            this.stream = new java.io.BufferedOutputStream(Channels.newOutputStream(channel), 65536);
        }

        /** Where to write the content; do not close it (commit or close this instead). */
        public OutputStream stream() {
            return stream;
        }

        public Path target() {
            return target;
        }

        /** The temp file itself, to read back what was written (flush {@link #stream()} first). */
        public Path tempFile() {
            return temp;
        }

        public void commit() throws IOException {
            commitAs(target);
        }

        /**
         * Commits under another name in the same directory: for content whose name is known only
         * after its last byte (a blob hashed while written, started as {@code create(dir/"blob")}).
         */
        public void commitAs(Path finalTarget) throws IOException {
            commitAs(finalTarget, true);
        }

        /** {@code syncNow} false: for content-addressed files only (see {@link #writeContentAddressed}). */
        public void commitAs(Path finalTarget, boolean syncNow) throws IOException {
            if (!finalTarget.toAbsolutePath().getParent().equals(dir)) {
                throw new IllegalArgumentException(finalTarget + " is not in " + dir);
            }
            stream.flush();
            channel.force(true);
            channel.close();
            if (syncNow) {
                syncRenames(); // what this file may refer to is durable before it is
            }
            try {
                Files.move(temp, finalTarget, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, finalTarget, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            if (syncNow) {
                syncDirectory(dir);
            } else {
                UNSYNCED.add(dir);
            }
        }

        @Override
        public void close() throws IOException {
            if (!committed) {
                channel.close();
                Files.deleteIfExists(temp);
            }
        }
    }

    /** Temp files start as 0600; published files are 0644, as skopeo and tar write them. */
    private static void readableByAll(Path file) {
        try {
            Files.setPosixFilePermissions(file, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
        } catch (IOException | UnsupportedOperationException ignored) {
            // Not a POSIX file system: its defaults apply.
        }
    }

    /** Makes the rename itself durable; not every file system allows opening a directory. */
    private static void syncDirectory(Path dir) {
        try (FileChannel channel = FileChannel.open(dir, StandardOpenOption.READ)) {
            channel.force(true);
        } catch (IOException | UnsupportedOperationException ignored) {
            // Best effort: the data itself is already on disk.
        }
    }
}
