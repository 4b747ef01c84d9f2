package dev.skiff.verify;

import dev.skiff.Hint;
import dev.skiff.SkiffException;
import dev.skiff.io.BlobCheck;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageConfig;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.StoreInventory;
import dev.skiff.verify.BlobProblem.Kind;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.security.DigestInputStream;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.zip.GZIPInputStream;

/**
 * Re-reads every blob of an image from where it is stored and checks its size and digest; with
 * diff_ids, also uncompresses every layer and checks it against the config's {@code rootfs.diff_ids}.
 * A store reference with no tag ({@code oci:DIR}) checks every image in it and lists the blobs
 * none references. A blob shared by several images is read once.
 */
public final class DeepVerifier {
    private final boolean all;
    private final boolean diffIds;
    private final Platform platform;
    private final List<BlobProblem> problems = new ArrayList<>();
    private final Set<Digest> damaged = new HashSet<>();
    private final Set<Digest> seen = new HashSet<>();
    private final List<Note> notes = new ArrayList<>();
    /** Blobs a delta bundle left out on purpose (see {@link dev.skiff.transport.PartialBlobs}): not problems. */
    private final Set<Digest> leftOut = new HashSet<>();

    private int images;
    private long bytes;

    public DeepVerifier(boolean all, boolean diffIds, Platform platform) {
        this.all = all;
        this.diffIds = diffIds;
        this.platform = platform == null ? Platform.current() : platform;
    }

    public DeepReport check(ImageSource source) throws IOException {
        List<Digest> unreferenced = new ArrayList<>();
        if (source instanceof StoreInventory store && store.wholeStore()) {
            for (Descriptor entry : store.entries()) {
                String tag = entry.annotations().get("org.opencontainers.image.ref.name");
                checkDocument(source, entry, tag == null ? "untagged image " + entry.digest() : "image " + tag, true);
            }
            for (Digest d : store.storedBlobs()) {
                if (!seen.contains(d)) {
                    unreferenced.add(d);
                }
            }
        } else {
            ManifestDocument top = source.manifest();
            seen.add(top.digest());
            checkContents(source, top, "image", all);
        }
        if (!leftOut.isEmpty()) {
            note(leftOut.size() + " blobs are left out of this delta bundle (made against inventory "
                    + ((dev.skiff.transport.PartialBlobs) source)
                            .deltaInventory()
                            .orElse("?")
                    + "); an import checks that its destination holds them");
        }
        int blobs = seen.size();
        return new DeepReport(source.reference().toString(), images, blobs, bytes, problems, unreferenced, notes);
    }

    /** A manifest listed under {@code d}: read and checked against its digest, then what it lists. */
    private void checkDocument(ImageSource source, Descriptor d, String role, boolean every) throws IOException {
        if (!seen.add(d.digest())) {
            return;
        }
        ManifestDocument doc;
        try {
            doc = source.manifest(d);
        } catch (SkiffException | IOException e) {
            String m = String.valueOf(e.getMessage());
            Kind kind = m.contains("missing") || e instanceof java.nio.file.NoSuchFileException
                    ? Kind.MISSING
                    : m.contains("truncated")
                            ? Kind.TRUNCATED
                            : m.contains("larger")
                                    ? Kind.TOO_LONG
                                    : m.contains("does not match") ? Kind.WRONG_CONTENT : Kind.UNREADABLE;
            problem(new BlobProblem(d.digest(), "manifest of " + role, kind, m));
            return;
        }
        checkContents(source, doc, role, every);
    }

    private void checkContents(ImageSource source, ManifestDocument doc, String role, boolean every)
            throws IOException {
        if (doc instanceof ImageIndex index) {
            List<Descriptor> children = index.manifests();
            if (!every) {
                Descriptor chosen = index.find(platform).orElse(null);
                if (chosen == null) {
                    throw new SkiffException(
                            role + " is an index with no image for " + platform + " (it has: "
                                    + String.join(
                                            ", ",
                                            children.stream()
                                                    .map(c -> ImageComparer.name(c.platform()))
                                                    .toList())
                                    + ")",
                            Hint.ALL_PLATFORMS,
                            String.valueOf(platform),
                            dev.skiff.Side.UNKNOWN,
                            null);
                }
                if (children.size() > 1) {
                    notes.add(new Note(
                            "checked " + platform + " only of " + children.size() + " platforms", Hint.ALL_PLATFORMS));
                }
                children = List.of(chosen);
            }
            for (Descriptor child : children) {
                checkDocument(source, child, ImageComparer.name(child.platform()) + " of " + role, true);
            }
        } else if (doc instanceof ImageManifest manifest) {
            images++;
            String of = " of " + role + " " + doc.digest();
            boolean configIntact = checkBlob(source, manifest.config(), "config" + of);
            for (int i = 0; i < manifest.layers().size(); i++) {
                checkBlob(source, manifest.layers().get(i), "layer " + (i + 1) + of);
            }
            if (diffIds && configIntact) {
                checkDiffIds(source, manifest, of);
            }
        }
    }

    /** Re-reads one blob; true when it is intact (or was already found intact). */
    private boolean checkBlob(ImageSource source, Descriptor blob, String role) throws IOException {
        if (!seen.add(blob.digest())) {
            return !damaged.contains(blob.digest()) && !leftOut.contains(blob.digest());
        }
        if (source instanceof dev.skiff.transport.PartialBlobs partial
                && partial.deltaInventory().isPresent()
                && !partial.carries(blob.digest())) {
            leftOut.add(blob.digest());
            return false;
        }
        InputStream in;
        try {
            in = source.openBlob(blob);
        } catch (SkiffException | IOException e) {
            problem(new BlobProblem(blob.digest(), role, Kind.MISSING, String.valueOf(e.getMessage())));
            return false;
        }
        BlobCheck.Result result;
        try (in) {
            result = BlobCheck.check(in, blob);
        } catch (SkiffException | IOException e) {
            problem(new BlobProblem(blob.digest(), role, Kind.UNREADABLE, String.valueOf(e.getMessage())));
            return false;
        }
        bytes += blob.size();
        if (result.intact()) {
            return true;
        }
        Kind kind = switch (result.outcome()) {
            case TRUNCATED -> Kind.TRUNCATED;
            case TOO_LONG -> Kind.TOO_LONG;
            default -> Kind.WRONG_CONTENT;
        };
        problem(new BlobProblem(blob.digest(), role, kind, result.detail()));
        return false;
    }

    /** Each intact layer, uncompressed and hashed, against the config's {@code rootfs.diff_ids}. */
    private void checkDiffIds(ImageSource source, ImageManifest manifest, String of) throws IOException {
        ImageConfig config = ImageComparer.readConfig(source, manifest.config());
        List<String> expected = config.diffIds();
        List<Descriptor> layers = manifest.layers();
        if (expected.size() != layers.size()) {
            problem(new BlobProblem(
                    manifest.config().digest(),
                    "config" + of,
                    Kind.WRONG_DIFF_ID,
                    "it lists " + expected.size() + " diff_ids for " + layers.size() + " layers"));
            return;
        }
        for (int i = 0; i < layers.size(); i++) {
            Descriptor layer = layers.get(i);
            if (damaged.contains(layer.digest()) || leftOut.contains(layer.digest())) {
                continue;
            }
            String type = layer.mediaType() == null ? "" : layer.mediaType();
            if (type.contains("zstd")) {
                note("layer " + (i + 1) + of + " is zstd-compressed; its diff_id was not checked");
                continue;
            }
            boolean gzip = type.contains("gzip");
            String actual;
            try (InputStream raw = source.openBlob(layer);
                    InputStream plain = gzip ? new GZIPInputStream(raw, 65536) : raw) {
                MessageDigest sha = MessageDigest.getInstance("SHA-256");
                try (DigestInputStream hashing = new DigestInputStream(plain, sha)) {
                    hashing.transferTo(OutputStream.nullOutputStream());
                }
                actual = "sha256:" + java.util.HexFormat.of().formatHex(sha.digest());
            } catch (IOException e) {
                problem(new BlobProblem(
                        layer.digest(),
                        "layer " + (i + 1) + of,
                        Kind.WRONG_DIFF_ID,
                        "it does not uncompress as " + (gzip ? "gzip" : "tar") + ": " + e.getMessage()));
                continue;
            } catch (java.security.NoSuchAlgorithmException e) {
                throw new IllegalStateException(e);
            }
            if (!actual.equals(expected.get(i))) {
                problem(new BlobProblem(
                        manifest.config().digest(),
                        "config" + of,
                        Kind.WRONG_DIFF_ID,
                        "diff_id " + (i + 1) + " is " + expected.get(i) + " but layer " + layer.digest()
                                + " uncompresses to " + actual));
            }
        }
    }

    private void problem(BlobProblem p) {
        if (p.kind() != Kind.WRONG_DIFF_ID) {
            damaged.add(p.digest());
        }
        problems.add(p);
    }

    private void note(String text) {
        notes.add(Note.of(text));
    }
}
