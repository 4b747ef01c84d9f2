package dev.skiff.transport.dir;

import dev.skiff.SkiffException;
import dev.skiff.io.BlobVerificationException;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/** Reads the image in a dir: directory; child manifests and blobs are looked up by hex digest. */
final class DirSource implements ImageSource, dev.skiff.transport.SignatureSource {
    private final DirReference ref;
    private final DirImage image;

    DirSource(DirReference ref, DirImage image) {
        this.ref = ref;
        this.image = image;
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    /** manifest.json names no digest of its own: its bytes are the image's identity. */
    @Override
    public ManifestDocument manifest() throws IOException {
        try (InputStream in = Files.newInputStream(image.manifest())) {
            return ManifestDocument.parse(
                    BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "manifest.json in " + image.directory()), null);
        }
    }

    @Override
    public ManifestDocument manifest(Descriptor child) throws IOException {
        byte[] raw;
        try (InputStream in =
                new VerifyingInputStream(open(image.childManifest(child.digest()), "manifest", child), child)) {
            raw = BoundedRead.readAll(
                    in, BoundedRead.MANIFEST_LIMIT, "manifest " + child.digest() + " in " + image.directory());
        } catch (BlobVerificationException e) {
            throw new SkiffException("manifest " + child.digest() + " in the dir: image at " + image.directory()
                    + " is damaged: " + e.getMessage());
        }
        return ManifestDocument.parse(raw, child.mediaType());
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return open(image.blob(blob.digest()), "blob", blob);
    }

    private InputStream open(Path file, String what, Descriptor d) throws IOException {
        try {
            return Files.newInputStream(file);
        } catch (NoSuchFileException e) {
            throw new SkiffException(what + " " + d.digest() + " is missing from the dir: image at " + image.directory()
                    + " (no file " + file.getFileName() + ")");
        }
    }

    @Override
    public void close() {}

    /** {@code signature-1}, {@code signature-2}, … until one is missing, as skopeo reads them. */
    @Override
    public java.util.List<dev.skiff.trust.Signature> signatures(
            dev.skiff.name.Digest manifest, dev.skiff.transport.SignatureOptions options) throws IOException {
        dev.skiff.name.Digest instance = manifest;
        if (Files.isRegularFile(image.manifest())
                && manifest.matches(manifest.newHasher().digest(Files.readAllBytes(image.manifest())))) {
            instance = null;
        }
        java.util.List<dev.skiff.trust.Signature> out = new java.util.ArrayList<>();
        for (int n = 1; ; n++) {
            Path file = image.signature(instance, n);
            if (!Files.isRegularFile(file)) {
                return out;
            }
            byte[] blob;
            try (InputStream in = Files.newInputStream(file)) {
                blob = BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "signature " + file);
            }
            out.add(dev.skiff.trust.Signature.fromBlob(blob));
        }
    }
}
