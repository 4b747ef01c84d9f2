package dev.skiff.transport.dockerarchive;

import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ImageStore;
import dev.skiff.transport.StoreTransport;
import dev.skiff.transport.TagLister;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.util.List;

/**
 * {@code docker-archive:PATH[:REFERENCE]}: an image in a {@code docker save} tar. As in skopeo,
 * the path ends at the first colon; what follows is {@code NAME[:TAG]} (normalised, {@code latest}
 * when no tag is given) or {@code @N}, the N-th image of the archive (reading only).
 */
public final class DockerArchiveTransport implements Transport, StoreTransport {
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
            throw new InvalidReferenceException(
                    "invalid reference \"" + NAME + ":" + withinTransport + "\": " + e.getMessage());
        }
        if (name.digest() != null) {
            throw new InvalidReferenceException("invalid reference \"" + NAME + ":" + withinTransport
                    + "\": a docker-archive reference takes NAME:TAG, not a digest (" + name + ")");
        }
        return new DockerArchiveReference(path, name, -1);
    }

    /**
     * An archive file as a store of images named by their RepoTags ({@code @N} for an untagged
     * one, as skopeo lists them).
     */
    @Override
    public ImageStore store(String location) {
        return new ImageStore() {
            @Override
            public ImageReference image(String name) {
                return name.startsWith("@")
                        ? new DockerArchiveReference(location, null, Integer.parseInt(name.substring(1)))
                        : new DockerArchiveReference(location, ImageName.parse(name), -1);
            }

            @Override
            public List<String> names(TransportOptions options) throws IOException {
                try (ImageSource whole = new DockerArchiveReference(location, null, -1).openSource(options)) {
                    return ((TagLister) whole).listTags();
                }
            }
        };
    }
}
