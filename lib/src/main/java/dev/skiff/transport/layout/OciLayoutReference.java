package dev.skiff.transport.layout;

import dev.skiff.model.Descriptor;
import dev.skiff.transport.BlobScope;
import dev.skiff.transport.Deletion;
import dev.skiff.transport.ImageDeleter;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ManifestLookup;
import dev.skiff.transport.SignatureOptions;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** An image in an OCI layout: the directory as the user wrote it, and an optional ref name. */
public record OciLayoutReference(String path, String refName)
        implements ImageReference, ImageDeleter, ManifestLookup, BlobScope {
    public OciLayoutReference {
        LayoutPath.checkRefName("oci", path, refName);
    }

    @Override
    public Transport transport() {
        return OciLayoutTransport.INSTANCE;
    }

    @Override
    public String withinTransport() {
        return new LayoutPath(path, refName).withinTransport();
    }

    public Path directory() {
        return Path.of(path);
    }

    @Override
    public ImageSource openSource(TransportOptions options) throws IOException {
        return new LayoutSource(this, refName, OciLayout.open(this).withSharedBlobs(shared(options)));
    }

    @Override
    public ImageDestination openDestination(TransportOptions options) throws IOException {
        return new LayoutDestination(
                this,
                refName,
                OciLayout.create(
                                directory(),
                                options == null ? null : options.session(),
                                options == null ? dev.skiff.io.Warnings::print : options.effectiveNotices())
                        .withSharedBlobs(shared(options)));
    }

    private static Path shared(TransportOptions options) {
        return options == null ? null : options.extras().sharedBlobDir();
    }

    /** The entry index.json has under the ref name; empty when there is no layout (no index.json) or no such entry. */
    @Override
    public Optional<Descriptor> head(TransportOptions options) throws IOException {
        if (!Files.isRegularFile(directory().resolve("index.json"))) {
            return Optional.empty();
        }
        OciLayout layout = OciLayout.open(this);
        return LayoutIndex.lookup(LayoutIndex.parse(layout.readIndex(), layout.describe()), refName, layout);
    }

    /** Every tag of one layout shares its blobs directory. */
    @Override
    public String blobScope() {
        return "oci:" + directory().toAbsolutePath().normalize();
    }

    /** Removes the tag, then the blobs no other tag uses (see {@link OciLayoutDelete}). */
    @Override
    public Deletion delete(TransportOptions options, SignatureOptions signatures) throws IOException {
        return OciLayoutDelete.delete(this);
    }

    @Override
    public String toString() {
        return "oci:" + withinTransport();
    }
}
