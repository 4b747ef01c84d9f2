package dev.skiff.transport.layout;

import dev.skiff.transport.TransportSession;
import java.io.IOException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * What the writers of one layout directory created, so that when none of them commits, a failed
 * copy takes it back: the blobs it published, the {@code oci-layout} marker, and the directories
 * (the layout's own and missing parents) it made. What was there before is never touched, so a
 * failed copy into an existing layout leaves it as it was, and one into a new path leaves nothing.
 *
 * <p>Writers of one directory in one session (a sync's images, several at once) share one record:
 * an image may count on a blob another image stored, so nothing is taken back until the last of
 * them closes, and nothing at all once one of them committed. Without a session, a destination
 * is its own group.
 */
final class LayoutWrites {
    private record Key(Path directory) {}

    private final Path dir;
    private final List<Path> createdDirectories = new ArrayList<>();
    private final Set<Path> createdFiles = new LinkedHashSet<>();
    private boolean blobsExisted;
    private boolean indexExisted;
    private int open;
    private boolean committed;

    private LayoutWrites(Path dir) {
        this.dir = dir;
    }

    /** The record for {@code dir}: the session's (shared by its writers of the directory), else a new one. */
    static LayoutWrites of(Path dir, TransportSession session) {
        Path key = dir.toAbsolutePath().normalize();
        return session == null
                ? new LayoutWrites(dir)
                : session.shared(new Key(key), LayoutWrites.class, () -> new LayoutWrites(dir));
    }

    /**
     * Creates {@code dir} (and missing parents) and its marker for a writer, noting what was
     * made. Runs under the record's lock, so writers starting together agree on what was there.
     */
    synchronized void open(byte[] marker) throws IOException {
        if (open == 0) {
            createdDirectories.clear();
            createdFiles.clear();
            committed = false;
            blobsExisted = Files.isDirectory(dir.resolve("blobs"));
            indexExisted = Files.exists(dir.resolve("index.json"));
        }
        open++;
        try {
            List<Path> missing = new ArrayList<>();
            for (Path p = dir.toAbsolutePath(); p != null && !Files.exists(p); p = p.getParent()) {
                missing.add(0, p);
            }
            Files.createDirectories(dir);
            createdDirectories.addAll(missing);
            Path markerFile = dir.resolve("oci-layout");
            if (!Files.exists(markerFile)) {
                dev.skiff.io.AtomicFiles.write(markerFile, marker);
                createdFiles.add(markerFile);
            }
        } catch (IOException | RuntimeException e) {
            closed();
            throw e;
        }
    }

    /** True when {@code file} is not there yet: a write to it will be one to take back. */
    boolean isNew(Path file) {
        return !Files.exists(file);
    }

    synchronized void created(Path file) {
        createdFiles.add(file);
    }

    synchronized void committed() {
        committed = true;
    }

    /** A writer is done; the last one out of a group that committed nothing takes back what the group made. */
    synchronized void closed() throws IOException {
        if (--open > 0 || committed) {
            return;
        }
        takeBack();
    }

    private void takeBack() throws IOException {
        if (!indexExisted && Files.exists(dir.resolve("index.json"))) {
            // A writer outside the group (another process) committed into the layout meanwhile,
            // and may count on what the group stored: it all stays.
            createdFiles.clear();
            createdDirectories.clear();
            return;
        }
        for (Path f : createdFiles) {
            Files.deleteIfExists(f);
        }
        createdFiles.clear();
        Path blobs = dir.resolve("blobs");
        if (!blobsExisted && Files.isDirectory(blobs)) {
            try (java.util.stream.Stream<Path> algorithms = Files.list(blobs)) {
                for (Path alg : algorithms.toList()) {
                    removeIfEmpty(alg);
                }
            }
            removeIfEmpty(blobs);
        }
        for (int i = createdDirectories.size() - 1; i >= 0; i--) {
            removeIfEmpty(createdDirectories.get(i));
        }
        createdDirectories.clear();
    }

    /** Removes an empty directory; one something else has put a file in stays. */
    private static void removeIfEmpty(Path directory) throws IOException {
        try {
            Files.deleteIfExists(directory);
        } catch (DirectoryNotEmptyException | NoSuchFileException e) {
            // someone else's files are in it: it stays
        }
    }
}
