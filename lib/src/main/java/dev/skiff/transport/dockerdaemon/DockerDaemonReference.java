package dev.skiff.transport.dockerdaemon;

import dev.skiff.SkiffException;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.transport.ConfigIdentity;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.dockersave.DockerSaveDestination;
import dev.skiff.transport.dockersave.DockerSaveSource;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * An image in the daemon, by name (with a tag or digest) or by image ID. Reading spools
 * {@code GET /images/{name}/get} to a temp file and reads that as a docker-archive (random access
 * needs a file); writing streams a docker-archive into {@code POST /images/load}.
 */
public record DockerDaemonReference(ImageName name, Digest imageId) implements ImageReference, ConfigIdentity {
    @Override
    public Transport transport() {
        return DockerDaemonTransport.INSTANCE;
    }

    @Override
    public String withinTransport() {
        return imageId != null ? imageId.toString() : name.toString();
    }

    @Override
    public ImageName dockerReference() {
        return name;
    }

    @Override
    public ImageSource openSource(TransportOptions options) throws IOException {
        EngineApi api = EngineApi.from(options);
        Path spool = Files.createTempFile("skiff-docker-daemon-", ".tar");
        try {
            try (InputStream in = api.save(withinTransport())) {
                Files.copy(in, spool, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            return DockerSaveSource.open(
                    this, this + " (saved by " + api.where() + ")", spool, null, -1, () -> Files.deleteIfExists(spool));
        } catch (IOException | RuntimeException e) {
            Files.deleteIfExists(spool);
            throw e;
        }
    }

    @Override
    public ImageDestination openDestination(TransportOptions options) throws IOException {
        if (name == null || name.tag() == null || name.digest() != null) {
            throw new SkiffException("cannot write to " + this + ": the daemon stores images under NAME:TAG" + " (e.g. "
                    + DockerDaemonTransport.NAME + ":" + (name == null ? "team/app" : name.repositoryName()) + ":v1)");
        }
        EngineApi api = EngineApi.from(options);
        api.ping();
        Path staging = Path.of(System.getProperty("java.io.tmpdir"));
        return new DockerSaveDestination(
                this, this + " (" + api.where() + ")", List.of(name), staging, content -> api.load(content::writeTo));
    }

    @Override
    public String toString() {
        return DockerDaemonTransport.NAME + ":" + withinTransport();
    }
}
