package dev.skiff.transport.dir;

import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.ImageNotFoundException;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageStore;
import dev.skiff.transport.StoreTransport;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/**
 * {@code dir:PATH}: skopeo's directory format, one image per directory. The whole rest is the
 * path (colons included), as in skopeo; there is no tag.
 */
public final class DirTransport implements Transport, StoreTransport {
    public static final DirTransport INSTANCE = new DirTransport();

    @Override
    public String name() {
        return "dir";
    }

    @Override
    public ImageReference parse(String withinTransport) {
        if (withinTransport.isEmpty()) {
            throw new InvalidReferenceException(
                    "invalid reference \"dir:\": the directory path is empty (expected dir:PATH)");
        }
        return new DirReference(withinTransport);
    }

    /**
     * A folder of dir: images (as a sync into {@code dir:} writes them) as a store: an image is
     * named by its path under the folder, {@code a/b:v1} for {@code ROOT/a/b:v1}.
     */
    @Override
    public ImageStore store(String location) {
        return new ImageStore() {
            @Override
            public ImageReference image(String name) {
                return new DirReference(Path.of(location, name).toString());
            }

            /** Every folder under the root holding manifest.json and version, sorted, by relative path. */
            @Override
            public List<String> names(TransportOptions options) throws IOException {
                Path root = Path.of(location);
                if (!Files.isDirectory(root)) {
                    throw new ImageNotFoundException(
                            "no folder of dir: images at " + root + ": the directory does not exist");
                }
                try (Stream<Path> walk = Files.walk(root)) {
                    return walk.filter(p -> Files.isRegularFile(p.resolve("manifest.json"))
                                    && Files.isRegularFile(p.resolve("version")))
                            .sorted()
                            .map(p -> root.relativize(p).toString().replace('\\', '/'))
                            .toList();
                } catch (UncheckedIOException e) {
                    throw e.getCause();
                }
            }
        };
    }
}
