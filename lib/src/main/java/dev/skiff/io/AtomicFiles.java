package dev.skiff.io;

import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
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
        return write(target.toAbsolutePath().getParent(), content, () -> target);
    }

    /**
     * Like {@link #write(Path, InputStream)} for content whose name is known only after its last
     * byte (a blob hashed while written): {@code target} is asked for the final path then, and
     * must lie in {@code dir}.
     */
    public static long write(Path dir, InputStream content, java.util.function.Supplier<Path> target) throws IOException {
        Files.createDirectories(dir);
        Path temp = Files.createTempFile(dir, ".tmp-", "");
        boolean done = false;
        try {
            long written;
            try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.WRITE);
                 OutputStream out = java.nio.channels.Channels.newOutputStream(channel)) {
                written = content.transferTo(out);
                out.flush();
                channel.force(true);
            }
            Path finalPath = target.get();
            try {
                Files.move(temp, finalPath, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
            } catch (AtomicMoveNotSupportedException e) {
                Files.move(temp, finalPath, StandardCopyOption.REPLACE_EXISTING);
            }
            syncDirectory(dir);
            done = true;
            return written;
        } finally {
            if (!done) {
                Files.deleteIfExists(temp);
            }
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
