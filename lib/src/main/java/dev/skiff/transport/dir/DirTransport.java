package dev.skiff.transport.dir;

import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.Transport;

/**
 * {@code dir:PATH}: skopeo's directory format, one image per directory. The whole rest is the
 * path (colons included), as in skopeo; there is no tag.
 */
public final class DirTransport implements Transport {
    public static final DirTransport INSTANCE = new DirTransport();

    @Override
    public String name() {
        return "dir";
    }

    @Override
    public ImageReference parse(String withinTransport) {
        if (withinTransport.isEmpty()) {
            throw new InvalidReferenceException("invalid reference \"dir:\": the directory path is empty (expected dir:PATH)");
        }
        return new DirReference(withinTransport);
    }
}
