package dev.skiff.transport;

import java.io.IOException;
import java.util.List;

/** One place holding many images by name (see {@link StoreTransport}). */
public interface ImageStore {
    /** The image called {@code name} in this store (it need not be there yet: a destination names it so). */
    ImageReference image(String name);

    /**
     * The names of the images the store holds, in its order, as {@link #image} takes them; names
     * the store cannot give an image by ({@code @N} for an untagged image in a docker-archive) are
     * listed too. Fails clearly when there is no such store.
     */
    List<String> names(TransportOptions options) throws IOException;
}
