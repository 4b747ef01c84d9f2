package dev.skiff.transport.layout;

import dev.skiff.transport.ImageReference;
import dev.skiff.transport.Transport;

/** {@code oci:PATH[:TAG]}: an image in an OCI image layout directory. */
public final class OciLayoutTransport implements Transport {
    @Override
    public String name() {
        return "oci";
    }

    @Override
    public ImageReference parse(String withinTransport) {
        throw new UnsupportedOperationException("TODO");
    }
}
