package dev.skiff.transport.layout;

import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ImageStore;
import dev.skiff.transport.TagLister;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.util.List;
import java.util.function.Function;

/**
 * An OCI layout or archive as a store of images named by their ref names: {@code image(name)} is
 * {@code PATH:name}, and the names are index.json's ref names, in order.
 */
public final class LayoutStores {
    private LayoutStores() {}

    /** The store whose images {@code named} gives; {@code named.apply(null)} is the whole store. */
    public static ImageStore of(Function<String, ImageReference> named) {
        return new ImageStore() {
            @Override
            public ImageReference image(String name) {
                return named.apply(name);
            }

            @Override
            public List<String> names(TransportOptions options) throws IOException {
                try (ImageSource whole = named.apply(null).openSource(options)) {
                    return ((TagLister) whole).listTags();
                }
            }
        };
    }
}
