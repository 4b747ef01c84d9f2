package dev.skiff.transport.dockerdaemon;

import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.Transport;

/**
 * {@code docker-daemon:NAME:TAG} (or {@code NAME@DIGEST}, or an image ID {@code sha256:HEX} for
 * reading): an image in a Docker or Podman daemon, reached over the Engine API on the unix socket
 * {@code DOCKER_HOST} names. skopeo's syntax; a bare name without tag is refused, as skopeo does.
 */
public final class DockerDaemonTransport implements Transport {
    public static final String NAME = "docker-daemon";
    public static final DockerDaemonTransport INSTANCE = new DockerDaemonTransport();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ImageReference parse(String withinTransport) {
        if (withinTransport.startsWith("sha256:")) {
            try {
                return new DockerDaemonReference(null, Digest.parse(withinTransport));
            } catch (InvalidReferenceException e) {
                throw new InvalidReferenceException("invalid reference \"" + NAME + ":" + withinTransport
                        + "\": an image ID must be sha256:<64 hex digits>");
            }
        }
        ImageName name;
        try {
            name = ImageName.parseAllowingNoTag(withinTransport);
        } catch (InvalidReferenceException e) {
            throw new InvalidReferenceException(
                    "invalid reference \"" + NAME + ":" + withinTransport + "\": " + e.getMessage());
        }
        if (name.tag() == null && name.digest() == null) {
            throw new InvalidReferenceException("invalid reference \"" + NAME + ":" + withinTransport
                    + "\": it has neither a tag nor a digest (e.g. " + NAME + ":" + withinTransport + ":latest)");
        }
        return new DockerDaemonReference(name, null);
    }
}
