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
    private AtomicFiles() {
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
            this.temp = Files.createTempFile(dir, ".tmp-" + target.getFileName() + "-", "");
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

        public void commit() throws IOException {
            stream.flush();
            channel.force(true);
            channel.close();
            try {
                Files.move(temp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, target, StandardCopyOption.REPLACE_EXISTING);
            }
            committed = true;
            syncDirectory(dir);
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
