package dev.skiff.transport.dockerarchive;

import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.Transport;

/**
 * {@code docker-archive:PATH[:REFERENCE]}: an image in a {@code docker save} tar. As in skopeo,
 * the path ends at the first colon; what follows is {@code NAME[:TAG]} (normalised, {@code latest}
 * when no tag is given) or {@code @N}, the N-th image of the archive (reading only).
 */
public final class DockerArchiveTransport implements Transport {
    public static final String NAME = "docker-archive";
    public static final DockerArchiveTransport INSTANCE = new DockerArchiveTransport();

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ImageReference parse(String withinTransport) {
        int colon = withinTransport.indexOf(':');
        String path = colon < 0 ? withinTransport : withinTransport.substring(0, colon);
        String rest = colon < 0 ? "" : withinTransport.substring(colon + 1);
        if (path.isEmpty()) {
            throw new InvalidReferenceException("invalid reference \"" + NAME + ":" + withinTransport
                    + "\": the archive path is empty (expected " + NAME + ":PATH[:NAME:TAG|:@N])");
        }
        if (rest.isEmpty()) {
            return new DockerArchiveReference(path, null, -1);
        }
        if (rest.startsWith("@")) {
            String digits = rest.substring(1);
            if (!digits.matches("[0-9]{1,9}")) {
                throw new InvalidReferenceException("invalid reference \"" + NAME + ":" + withinTransport
                        + "\": @ must be followed by the index of an image in the archive, e.g. @0");
            }
            return new DockerArchiveReference(path, null, Integer.parseInt(digits));
        }
        ImageName name;
        try {
            name = ImageName.parse(rest);
        } catch (InvalidReferenceException e) {
            throw new InvalidReferenceException("invalid reference \"" + NAME + ":" + withinTransport + "\": " + e.getMessage());
        }
        if (name.digest() != null) {
            throw new InvalidReferenceException("invalid reference \"" + NAME + ":" + withinTransport
                    + "\": a docker-archive reference takes NAME:TAG, not a digest (" + name + ")");
        }
        return new DockerArchiveReference(path, name, -1);
    }
}
