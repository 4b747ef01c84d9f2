package dev.skiff.transport.registry;

import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.Transport;

/** {@code docker://[registry/]repository[:tag][@digest]}: an image in a registry (distribution API). */
public final class DockerTransport implements Transport {
    public static final String NAME = "docker";
    public static final DockerTransport INSTANCE = new DockerTransport();

    @Override
    public String name() {
        return NAME;
    }

    /**
     * Parses what follows {@code docker:}: {@code //} then an image name, normalised as skopeo does
     * ({@code docker://nginx} is {@code docker://docker.io/library/nginx:latest}).
     */
    @Override
    public ImageReference parse(String withinTransport) {
        if (withinTransport == null || !withinTransport.startsWith("//")) {
            throw new InvalidReferenceException(
                    "invalid image reference \"docker:" + (withinTransport == null ? "" : withinTransport)
                            + "\": docker: references must start with //, e.g. docker://host/repo:tag");
        }
        return new DockerReference(ImageName.parse(withinTransport.substring(2)));
    }

    @Override
    public boolean equals(Object o) {
        return o instanceof DockerTransport;
    }

    @Override
    public int hashCode() {
        return NAME.hashCode();
    }

    @Override
    public String toString() {
        return NAME;
    }
}
