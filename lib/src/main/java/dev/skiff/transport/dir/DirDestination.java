package dev.skiff.transport.dir;

import dev.skiff.io.AtomicFiles;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.ManifestFormat;
import dev.skiff.name.Digest;
import dev.skiff.transport.DigestingBlobWriter;
import dev.skiff.transport.FormatConstraints;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.LayerCompression;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;

/**
 * Writes an image as skopeo's dir: format. Every file is written under a temp name and renamed;
 * manifest.json comes last, at commit, so a failed copy never leaves a manifest.json of a partial
 * image (an image that was there stays readable until the new one is complete). After the new
 * manifest.json is in place, files of the replaced image that the new one does not use are
 * removed, leaving one image per directory as skopeo does. Like skopeo's dir: it holds any
 * manifest format and stores layers as they come.
 */
final class DirDestination
        implements ImageDestination, FormatConstraints, DigestingBlobWriter, dev.skiff.transport.SignatureDestination {
    private final DirReference ref;
    private final DirImage image;
    private final Set<Path> used = java.util.Collections.synchronizedSet(new HashSet<>());
    private final Set<Path> created = java.util.Collections.synchronizedSet(new HashSet<>());
    private ManifestDocument top;
    private boolean committed;
    private final java.util.Map<Digest, List<dev.skiff.trust.Signature>> signatures = new java.util.LinkedHashMap<>();

    DirDestination(DirReference ref, DirImage image) {
        this.ref = ref;
        this.image = image;
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        Path p = image.blob(blob.digest());
        boolean has = dev.skiff.io.BlobCheck.reusable(p, blob, "the dir: image at " + image.directory());
        if (has) {
            used.add(p);
        }
        return has;
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content) throws IOException {
        write(image.blob(blob.digest()), content);
    }

    /** A rewritten blob (a config converted by --format), hashed while written, then renamed to its digest. */
    @Override
    public Descriptor putBlob(String mediaType, InputStream content) throws IOException {
        java.security.DigestInputStream hashing = new java.security.DigestInputStream(content, Digest.newSha256());
        try (AtomicFiles.Pending pending = AtomicFiles.create(image.directory().resolve("rewritten"))) {
            long size = hashing.transferTo(pending.stream());
            Digest digest = Digest.sha256(hashing.getMessageDigest());
            Path file = image.blob(digest);
            if (!Files.exists(file)) {
                created.add(file);
            }
            pending.commitAs(file);
            used.add(file);
            return Descriptor.of(mediaType, digest, size);
        }
    }

    /** Either format: skopeo's dir: keeps what it is given. */
    @Override
    public List<ManifestFormat> manifestFormats() {
        return List.of(ManifestFormat.OCI, ManifestFormat.V2S2);
    }

    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.PRESERVE;
    }

    /** skopeo's per-destination compression choices apply here (see {@link FormatConstraints}). */
    @Override
    public boolean layerCompressionChoosable() {
        return true;
    }

    @Override
    public void putChildManifest(ManifestDocument manifest) throws IOException {
        write(image.childManifest(manifest.digest()), new java.io.ByteArrayInputStream(manifest.raw()));
    }

    private void write(Path file, InputStream content) throws IOException {
        if (!Files.exists(file)) {
            created.add(file);
        }
        AtomicFiles.write(file, content);
        used.add(file);
    }

    @Override
    public void putManifest(ManifestDocument manifest) {
        top = manifest;
    }

    @Override
    public void commit() throws IOException {
        if (top == null) {
            throw new IllegalStateException("commit before putManifest");
        }
        AtomicFiles.write(image.directory().resolve(DirImage.VERSION_FILE), DirImage.VERSION);
        AtomicFiles.write(image.manifest(), top.raw());
        committed = true;
        // Signatures after the manifest they sign, each under skopeo's name; older ones of the image go below.
        for (var e : signatures.entrySet()) {
            Digest instance = e.getKey().equals(top.digest()) ? null : e.getKey();
            int n = 1;
            for (dev.skiff.trust.Signature sig : e.getValue()) {
                Path file = image.signature(instance, n++);
                AtomicFiles.write(file, sig.toBlob());
                used.add(file);
            }
        }
        for (Path stale : list()) {
            if (!used.contains(stale)
                    && DirImage.isImageFile(stale.getFileName().toString())) {
                Files.deleteIfExists(stale);
            }
        }
    }

    private List<Path> list() throws IOException {
        try (Stream<Path> files = Files.list(image.directory())) {
            return files.toList();
        }
    }

    /** Without a commit, the files this copy added are removed; what was there before is left alone. */
    @Override
    public void close() throws IOException {
        if (!committed) {
            for (Path p : List.copyOf(created)) {
                Files.deleteIfExists(p);
            }
        }
    }

    /** A dir: keeps any signature. */
    @Override
    public void checkSignatures(java.util.Set<String> formats, dev.skiff.transport.SignatureOptions options) {}

    /** Kept until {@link #commit()}, which writes them after manifest.json. */
    @Override
    public void putSignatures(
            Digest manifest, List<dev.skiff.trust.Signature> sigs, dev.skiff.transport.SignatureOptions options) {
        signatures.put(manifest, List.copyOf(sigs));
    }
}
