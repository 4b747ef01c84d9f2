package dev.skiff.transport.registry;

import dev.skiff.transport.ImageReference;
import dev.skiff.transport.Transport;

/** {@code docker://[registry/]repository[:tag][@digest]}: an image in a registry (distribution API). */
public final class DockerTransport implements Transport {
    @Override
    public String name() {
        return "docker";
    }

    @Override
    public ImageReference parse(String withinTransport) {
        throw new UnsupportedOperationException("TODO");
    }
}
