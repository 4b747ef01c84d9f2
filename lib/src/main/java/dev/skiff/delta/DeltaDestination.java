package dev.skiff.delta;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import java.io.IOException;
import java.io.InputStream;

/**
 * A bundle destination that leaves out what the inventory lists: such a blob counts as present,
 * so the copier skips it (as it skips a blob a destination has) and never reads it from the
 * source. Manifests are written as ever; the bundle carries every one.
 */
public final class DeltaDestination implements ImageDestination {
    private final ImageDestination delegate;
    private final DeltaFrom delta;

    private DeltaDestination(ImageDestination delegate, DeltaFrom delta) {
        this.delegate = delegate;
        this.delta = delta;
    }

    /** {@code destination} leaving out what {@code delta} lists; itself when {@code delta} is null. */
    public static ImageDestination of(ImageDestination destination, DeltaFrom delta) {
        return delta == null ? destination : new DeltaDestination(destination, delta);
    }

    @Override
    public ImageReference reference() {
        return delegate.reference();
    }

    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        return delta.omits(blob.digest()) || delegate.hasBlob(blob);
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content) throws IOException {
        delegate.putBlob(blob, content);
    }

    @Override
    public void putChildManifest(ManifestDocument manifest) throws IOException {
        delegate.putChildManifest(manifest);
    }

    @Override
    public void putManifest(ManifestDocument manifest) throws IOException {
        delegate.putManifest(manifest);
    }

    @Override
    public void commit() throws IOException {
        delegate.commit();
    }

    @Override
    public void close() throws IOException {
        delegate.close();
    }
}
