package dev.skiff.transport.ociarchive;

import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import dev.skiff.transport.archive.TarIndex;
import dev.skiff.transport.layout.LayoutFiles;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/** The files of an OCI layout read in place from a tar of it, through a {@link TarIndex}. */
final class OciArchiveFiles implements LayoutFiles {
    static final String INDEX = "index.json";

    private final Path file;
    private final TarIndex tar;

    private OciArchiveFiles(Path file, TarIndex tar) {
        this.file = file;
        this.tar = tar;
    }

    /** Indexes the archive; fails clearly when it is missing, not a tar, hostile, or not an OCI layout. */
    static OciArchiveFiles open(Path file) throws IOException {
        if (!Files.exists(file)) {
            throw new dev.skiff.transport.ImageNotFoundException(
                    "no OCI archive at " + file + ": the file does not exist");
        }
        if (Files.isDirectory(file)) {
            throw new SkiffException(
                    "no OCI archive at " + file + ": it is a directory (for an OCI layout use oci:" + file + ")");
        }
        TarIndex tar = TarIndex.open(file);
        if (tar.resolve(INDEX) == null) {
            boolean docker = tar.resolve("manifest.json") != null;
            tar.close();
            throw new SkiffException("no OCI layout in the archive " + file + ": it has no index.json"
                    + (docker ? " (it looks like a docker save archive; try docker-archive:" + file + ")" : ""));
        }
        return new OciArchiveFiles(file, tar);
    }

    static String blobName(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    TarIndex tar() {
        return tar;
    }

    @Override
    public String describe() {
        return "the OCI archive " + file;
    }

    @Override
    public String referencePrefix() {
        return "oci-archive:" + file;
    }

    @Override
    public byte[] readIndex() throws IOException {
        return tar.readAll(INDEX, BoundedRead.MANIFEST_LIMIT);
    }

    @Override
    public InputStream openBlob(Descriptor blob) {
        String name = blobName(blob.digest());
        if (!tar.contains(name)) {
            throw new SkiffException(
                    "blob " + blob.digest() + " is missing from the OCI archive " + file + " (no entry " + name + ")");
        }
        return tar.open(name);
    }

    @Override
    public java.util.Set<Digest> storedBlobs() {
        java.util.Set<Digest> found = new java.util.LinkedHashSet<>();
        for (TarIndex.Entry e : tar.entries().values()) {
            String[] parts = e.name().split("/");
            if (e.kind() != TarIndex.Kind.DIRECTORY
                    && parts.length == 3
                    && parts[0].equals("blobs")
                    && Digest.isValid(parts[1] + ":" + parts[2])) {
                found.add(Digest.parse(parts[1] + ":" + parts[2]));
            }
        }
        return found;
    }

    @Override
    public void close() throws IOException {
        tar.close();
    }
}
