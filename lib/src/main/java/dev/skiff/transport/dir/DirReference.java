package dev.skiff.transport.dir;

import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Path;

/** An image stored in a directory the way skopeo's {@code dir:} transport stores it. */
public record DirReference(String path) implements ImageReference {
    @Override
    public Transport transport() {
        return DirTransport.INSTANCE;
    }

    @Override
    public String withinTransport() {
        return path;
    }

    public Path directory() {
        return Path.of(path);
    }

    @Override
    public ImageSource openSource(TransportOptions options) throws IOException {
        return new DirSource(this, DirImage.open(directory()));
    }

    @Override
    public ImageDestination openDestination(TransportOptions options) throws IOException {
        return new DirDestination(this, DirImage.create(directory()));
    }

    @Override
    public String toString() {
        return "dir:" + path;
    }
}
