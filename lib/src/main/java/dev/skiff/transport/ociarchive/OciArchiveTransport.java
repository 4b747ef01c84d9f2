package dev.skiff.transport.ociarchive;

import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageStore;
import dev.skiff.transport.StoreTransport;
import dev.skiff.transport.Transport;
import dev.skiff.transport.layout.LayoutPath;
import dev.skiff.transport.layout.LayoutStores;

/**
 * {@code oci-archive:PATH[:REF]}: an image in a tar of an OCI image layout. As for {@code oci:},
 * the path ends at the first colon and what follows is the ref name (skopeo's syntax).
 */
public final class OciArchiveTransport implements Transport, StoreTransport {
    public static final OciArchiveTransport INSTANCE = new OciArchiveTransport();

    @Override
    public String name() {
        return "oci-archive";
    }

    @Override
    public ImageReference parse(String withinTransport) {
        LayoutPath p = LayoutPath.parse(name(), withinTransport);
        return new OciArchiveReference(p.path(), p.refName());
    }

    /** An archive file as a store of images named by their ref names. */
    @Override
    public ImageStore store(String location) {
        return LayoutStores.of(name -> new OciArchiveReference(location, name));
    }
}
