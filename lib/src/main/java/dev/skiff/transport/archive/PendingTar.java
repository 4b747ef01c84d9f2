package dev.skiff.transport.archive;

import dev.skiff.io.AtomicFiles;
import java.io.IOException;
import java.nio.file.Path;

/**
 * A tar archive being streamed into a temp file in the destination's folder. {@link #commit()}
 * writes the end blocks, fsyncs and renames it over the final name; {@link #close()} without a
 * commit deletes the temp file, so a failed write never leaves a partial archive under the final
 * name and never touches an archive that was already there.
 */
public final class PendingTar implements AutoCloseable {
    private final AtomicFiles.Pending file;
    private final TarWriter writer;

    private PendingTar(AtomicFiles.Pending file) {
        this.file = file;
        this.writer = new TarWriter(file.stream());
    }

    /** Starts a tar that will replace {@code target} on commit; the folder is created when missing. */
    public static PendingTar create(Path target) throws IOException {
        // A killed earlier write of this archive left its temp file: remove it (only if stale).
        AtomicFiles.removeStaleTemps(
                target.toAbsolutePath().getParent(), target.getFileName().toString());
        return new PendingTar(AtomicFiles.create(target));
    }

    /** Writes entries; not thread-safe, one entry at a time. */
    public TarWriter writer() {
        return writer;
    }

    public Path target() {
        return file.target();
    }

    public void commit() throws IOException {
        writer.finish();
        file.commit();
    }

    @Override
    public void close() throws IOException {
        file.close();
    }
}
