package dev.skiff.transport.layout;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.io.AtomicFiles;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.Json;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
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
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;

/** An OCI image layout directory: {@code oci-layout}, {@code index.json}, {@code blobs/ALG/HEX}. */
public final class OciLayout {
    public static final String REF_NAME = "org.opencontainers.image.ref.name";
    private static final byte[] LAYOUT_FILE = "{\"imageLayoutVersion\":\"1.0.0\"}".getBytes(java.nio.charset.StandardCharsets.UTF_8);

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
            AtomicFiles.write(marker, LAYOUT_FILE);
        }
        return new OciLayout(dir);
    }

    public Path directory() {
        return dir;
    }

    /** Where a blob lives; safe because {@link Digest} admits only hex. */
    public Path blobPath(Digest digest) {
        return dir.resolve("blobs").resolve(digest.algorithm()).resolve(digest.hex());
    }

    public boolean hasBlob(Descriptor blob) throws IOException {
        Path p = blobPath(blob.digest());
        return Files.isRegularFile(p) && Files.size(p) == blob.size();
    }

    public InputStream openBlob(Descriptor blob) throws IOException {
        try {
            return Files.newInputStream(blobPath(blob.digest()));
        } catch (NoSuchFileException e) {
            throw new SkiffException("blob " + blob.digest() + " is missing from the OCI layout at " + dir);
        }
    }

    /** Reads a manifest blob, checking it against its descriptor's digest. */
    public ManifestDocument readManifest(Descriptor d) throws IOException {
        byte[] raw;
        try (InputStream in = new dev.skiff.io.VerifyingInputStream(openBlob(d), d)) {
            raw = BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "manifest " + d.digest());
        } catch (dev.skiff.io.BlobVerificationException e) {
            throw new SkiffException("manifest " + d.digest() + " in the OCI layout at " + dir + " is damaged: " + e.getMessage());
        }
        return ManifestDocument.parse(raw, d.mediaType());
    }

    /** Publishes a blob atomically; the content stream is read to its end (and so verified) first. */
    public void writeBlob(Descriptor blob, InputStream content) throws IOException {
        AtomicFiles.write(blobPath(blob.digest()), content);
    }

    /** Publishes a blob whose sha256 digest is computed while it is written (a rewritten layer). */
    public Descriptor writeBlob(String mediaType, InputStream content) throws IOException {
        java.security.DigestInputStream hashing = new java.security.DigestInputStream(content, Digest.newSha256());
        Digest[] digest = new Digest[1];
        long size = AtomicFiles.write(dir.resolve("blobs").resolve("sha256"), hashing, () -> {
            digest[0] = new Digest("sha256", java.util.HexFormat.of().formatHex(hashing.getMessageDigest().digest()));
            return blobPath(digest[0]);
        });
        return Descriptor.of(mediaType, digest[0], size);
    }

    /** The entries of index.json. */
    public ImageIndex index() throws IOException {
        byte[] raw;
        try (InputStream in = Files.newInputStream(dir.resolve("index.json"))) {
            raw = BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "index.json in " + dir);
        }
        ManifestDocument doc = ManifestDocument.parse(raw, MediaType.OCI_INDEX);
        if (!(doc instanceof ImageIndex index)) {
            throw new SkiffException("index.json in " + dir + " is not an image index");
        }
        return index;
    }

    /**
     * Read-modify-write of index.json under a lock file, so two writers do not lose each other's
     * entries; the file is replaced atomically.
     */
    public void updateIndex(UnaryOperator<ArrayNode> change) throws IOException {
        try (FileChannel lockChannel = FileChannel.open(dir.resolve(".skiff-index.lock"),
                StandardOpenOption.CREATE, StandardOpenOption.WRITE);
             FileLock lock = acquire(lockChannel)) {
            Path indexPath = dir.resolve("index.json");
            ObjectNode root;
            if (Files.exists(indexPath)) {
                JsonNode parsed = Json.parse(Files.readAllBytes(indexPath), "index.json in " + dir);
                if (!parsed.isObject()) {
                    throw new SkiffException("index.json in " + dir + " is not a JSON object; refusing to overwrite it");
                }
                root = (ObjectNode) parsed;
            } else {
                root = Json.mapper().createObjectNode();
                root.put("schemaVersion", 2);
                root.put("mediaType", MediaType.OCI_INDEX);
            }
            JsonNode existing = root.get("manifests");
            ArrayNode manifests = existing instanceof ArrayNode a ? a : root.putArray("manifests");
            root.set("manifests", change.apply(manifests));
            AtomicFiles.write(indexPath, Json.bytes(root));
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

    /** The ref names in index.json, for error messages. */
    public static List<String> refNames(ImageIndex index) {
        List<String> names = new ArrayList<>();
        for (Descriptor d : index.manifests()) {
            String name = d.annotations().get(REF_NAME);
            if (name != null) {
                names.add(name);
            }
        }
        return names;
    }
}
