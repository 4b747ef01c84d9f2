package dev.skiff.transport.dir;

import dev.skiff.SkiffException;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageNotFoundException;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * The files of skopeo's directory format (containers/image {@code directory}, version 1.1):
 * {@code version}, {@code manifest.json}, each blob under its hex digest, and with {@code --all}
 * each child manifest as {@code HEX.manifest.json}.
 */
final class DirImage {
    static final String VERSION_FILE = "version";
    static final byte[] VERSION = "Directory Transport Version: 1.1\n".getBytes(StandardCharsets.UTF_8);
    static final String MANIFEST = "manifest.json";
    private static final String CHILD_SUFFIX = ".manifest.json";

    private final Path dir;

    private DirImage(Path dir) {
        this.dir = dir;
    }

    /** An image to read; fails clearly when the directory does not hold one. */
    static DirImage open(Path dir) {
        if (!Files.isDirectory(dir)) {
            throw new ImageNotFoundException("no dir: image at " + dir + ": the directory does not exist");
        }
        if (!Files.isRegularFile(dir.resolve(MANIFEST))) {
            throw new ImageNotFoundException("no dir: image at " + dir + ": it has no manifest.json"
                    + (Files.isRegularFile(dir.resolve("index.json"))
                            ? " (it looks like an OCI layout; try oci:" + dir + ")"
                            : ""));
        }
        return new DirImage(dir);
    }

    /**
     * A directory to write an image into: new, empty, or holding a dir: image (which is replaced
     * at commit, as skopeo replaces it). Anything else is refused rather than mixed into.
     */
    static DirImage create(Path dir) throws IOException {
        if (Files.exists(dir) && !Files.isDirectory(dir)) {
            throw new SkiffException("cannot write a dir: image at " + dir + ": it is a file, not a directory");
        }
        // Leftovers of a killed run: its temp files go; blobs it finished (named by digest) may stay.
        dev.skiff.io.AtomicFiles.removeStaleTemps(dir, null);
        if (Files.isDirectory(dir) && !onlyImageFiles(dir)) {
            Path version = dir.resolve(VERSION_FILE);
            if (!Files.isRegularFile(version)) {
                throw new SkiffException(
                        "cannot write a dir: image at " + dir + ": the directory is not empty and holds no "
                                + "dir: image (no version file); choose a new or empty directory");
            }
            if (!java.util.Arrays.equals(Files.readAllBytes(version), VERSION)) {
                throw new SkiffException("cannot write a dir: image at " + dir + ": its version file is not \""
                        + new String(VERSION, StandardCharsets.UTF_8).trim() + "\"; choose a new or empty directory");
            }
        }
        Files.createDirectories(dir);
        return new DirImage(dir);
    }

    /** Empty, or holding only blobs and child manifests (what a killed first copy leaves). */
    private static boolean onlyImageFiles(Path dir) throws IOException {
        try (Stream<Path> files = Files.list(dir)) {
            return files.allMatch(f -> isImageFile(f.getFileName().toString()) && Files.isRegularFile(f));
        }
    }

    Path directory() {
        return dir;
    }

    Path manifest() {
        return dir.resolve(MANIFEST);
    }

    /** A blob's file; safe because {@link Digest} admits only hex. */
    Path blob(Digest digest) {
        return dir.resolve(digest.hex());
    }

    Path childManifest(Digest digest) {
        return dir.resolve(digest.hex() + CHILD_SUFFIX);
    }

    /** True for the names this format gives blobs, child manifests and signatures (what a rewrite may remove). */
    static boolean isImageFile(String name) {
        String base = name.endsWith(CHILD_SUFFIX) ? name.substring(0, name.length() - CHILD_SUFFIX.length()) : name;
        return base.matches("[0-9a-f]{64}|[0-9a-f]{128}") || name.matches("([0-9a-f]{64}\\.)?signature-[0-9]+");
    }

    /**
     * Where skopeo keeps signature {@code n} (from 1): {@code signature-N} for the manifest.json
     * image, {@code HEX.signature-N} for an instance of the index it holds.
     */
    Path signature(dev.skiff.name.Digest instance, int n) {
        return dir.resolve(instance == null ? "signature-" + n : instance.hex() + ".signature-" + n);
    }
}
