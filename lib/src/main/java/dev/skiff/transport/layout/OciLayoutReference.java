package dev.skiff.transport.layout;

import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.Deletion;
import dev.skiff.transport.ImageDeleter;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.regex.Pattern;

/** An image in an OCI layout: the directory as the user wrote it, and an optional ref name. */
public record OciLayoutReference(String path, String refName) implements ImageReference, ImageDeleter {
    // The OCI image-layout ref.name grammar: components of alphanumerics joined by separators.
    private static final Pattern REF_NAME = Pattern.compile("[A-Za-z0-9]+(?:[-._:@/+]+[A-Za-z0-9]+)*");

    public OciLayoutReference {
        if (refName != null && !REF_NAME.matcher(refName).matches()) {
            throw new InvalidReferenceException("invalid reference \"oci:" + path + ":" + refName
                    + "\": the tag must be letters and digits joined by - . _ : @ / +");
        }
    }

    @Override
    public Transport transport() {
        return OciLayoutTransport.INSTANCE;
    }

    @Override
    public String withinTransport() {
        return refName == null ? path : path + ":" + refName;
    }

    public Path directory() {
        return Path.of(path);
    }

    @Override
    public ImageSource openSource(TransportOptions options) throws IOException {
        return new OciLayoutSource(this, OciLayout.open(this));
    }

    @Override
    public ImageDestination openDestination(TransportOptions options) throws IOException {
        return new OciLayoutDestination(this, OciLayout.create(directory()));
    }

    /** Removes the tag, then the blobs no other tag uses (see {@link OciLayoutDelete}). */
    @Override
    public Deletion delete(TransportOptions options) throws IOException {
        return OciLayoutDelete.delete(this);
    }

    @Override
    public String toString() {
        return "oci:" + withinTransport();
    }
}
