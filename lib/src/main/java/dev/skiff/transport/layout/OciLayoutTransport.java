package dev.skiff.transport.layout;

import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageStore;
import dev.skiff.transport.StoreTransport;
import dev.skiff.transport.Transport;

/**
 * {@code oci:PATH[:REF]}: an image in an OCI image layout directory. As in skopeo, the path ends
 * at the first colon; what follows is the {@code org.opencontainers.image.ref.name} (a tag such as
 * {@code v1}, or a longer name such as {@code team/app:v1}).
 */
public final class OciLayoutTransport implements Transport, StoreTransport {
    public static final OciLayoutTransport INSTANCE = new OciLayoutTransport();

    @Override
    public String name() {
        return "oci";
    }

    @Override
    public ImageReference parse(String withinTransport) {
        LayoutPath p = LayoutPath.parse(name(), withinTransport);
        return new OciLayoutReference(p.path(), p.refName());
    }

    /** A layout directory as a store of images named by their ref names. */
    @Override
    public ImageStore store(String location) {
        return LayoutStores.of(name -> new OciLayoutReference(location, name));
    }
}
