package dev.skiff.copy;

import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import dev.skiff.transport.DigestingBlobWriter;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageSource;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.DigestOutputStream;

/**
 * Writes one blob whose bytes change on the way: a layer gzip-compressed while it
 * streams from the source (verified against its source digest as now), or a converted config.
 * The new digest and size are computed on the fly. A destination that is a
 * {@link DigestingBlobWriter} takes the stream directly; any other needs the digest before the
 * body, so the bytes are spooled to a temp file first and then sent through a verifying stream.
 */
final class BlobRewrite {
    private BlobRewrite() {}

    /** Writes the step's new bytes and returns what was stored (new digest, size, media type). */
    static Descriptor write(BlobStep step, ImageSource source, ImageDestination destination, CopyListener listener)
            throws IOException {
        if (step.kind() == BlobStep.Kind.WRITE) {
            return store(destination, step.mediaType(), new ByteArrayInputStream(step.content()));
        }
        Descriptor blob = step.source();
        if (step.cipher() != null) {
            return crypt(step, blob, source, destination, listener);
        }
        try (InputStream raw = Sides.source(() -> source.openBlob(blob));
                InputStream verified =
                        Sides.source(new VerifyingInputStream(new ProgressInputStream(raw, blob, listener), blob));
                InputStream rewritten = (step.codec() == null ? LayerCodec.GZIP : step.codec()).rewrite(verified);
                InputStream checked = new RewrittenBlobStream(rewritten, verified)) {
            return store(destination, step.mediaType(), checked);
        }
    }

    /** Encrypts or decrypts a layer on its way: source → verify → cipher → destination, then ocicrypt's annotations. */
    private static Descriptor crypt(
            BlobStep step, Descriptor blob, ImageSource source, ImageDestination destination, CopyListener listener)
            throws IOException {
        try (InputStream raw = Sides.source(() -> source.openBlob(blob));
                InputStream verified =
                        Sides.source(new VerifyingInputStream(new ProgressInputStream(raw, blob, listener), blob));
                dev.skiff.trust.ocicrypt.LayerCipherStream crypted =
                        step.cipher().open(verified, blob.digest().toString());
                InputStream checked = new RewrittenBlobStream(crypted, verified)) {
            Descriptor stored = store(destination, step.mediaType(), checked);
            return stored.withAnnotations(step.cipher().annotations(blob.annotations(), crypted));
        }
    }

    private static Descriptor store(ImageDestination destination, String mediaType, InputStream content)
            throws IOException {
        if (destination instanceof DigestingBlobWriter writer) {
            return Sides.destination(() -> writer.putBlob(mediaType, content));
        }
        Path spool = Files.createTempFile("skiff-rewrite-", ".blob");
        try {
            java.security.MessageDigest hasher = Digest.newSha256();
            long size;
            try (OutputStream out = new DigestOutputStream(Files.newOutputStream(spool), hasher)) {
                size = content.transferTo(out);
            }
            Descriptor written = Descriptor.of(mediaType, Digest.sha256(hasher), size);
            if (!Sides.destination(() -> destination.hasBlob(written))) {
                try (InputStream in = new VerifyingInputStream(Files.newInputStream(spool), written)) {
                    Sides.destinationStep(() -> destination.putBlob(written, in));
                }
            }
            return written;
        } finally {
            Files.deleteIfExists(spool);
        }
    }
}
