package dev.skiff.transport.dir;

import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ManifestLookup;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/** An image stored in a directory the way skopeo's {@code dir:} transport stores it. */
public record DirReference(String path) implements ImageReference, ManifestLookup {
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

    /** manifest.json's digest and size (a dir: image's identity is its manifest's bytes); empty when there is none. */
    @Override
    public Optional<Descriptor> head(TransportOptions options) throws IOException {
        Path manifest = directory().resolve("manifest.json");
        if (!Files.isRegularFile(manifest)) {
            return Optional.empty();
        }
        byte[] raw = Files.readAllBytes(manifest);
        return Optional.of(Descriptor.of(null, Digest.sha256(raw), raw.length));
    }

    @Override
    public String toString() {
        return "dir:" + path;
    }
}
