package dev.skiff.transport;

import java.io.IOException;

/**
 * An immutable pointer to an image in one transport. {@code toString()} is
 * {@code transport:withinTransport} and {@link Transports#parse} of it gives an equal reference.
 */
public interface ImageReference {
    Transport transport();

    /** The reference without the transport prefix, in skopeo's syntax ({@code //host/repo:tag}, {@code ./dir:tag}). */
    String withinTransport();

    /** The registry name this reference stands for, if any (skopeo's DockerReference); null otherwise. */
    default dev.skiff.name.ImageName dockerReference() {
        return null;
    }

    ImageSource openSource(TransportOptions options) throws IOException;

    ImageDestination openDestination(TransportOptions options) throws IOException;
}
