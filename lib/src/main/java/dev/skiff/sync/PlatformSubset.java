package dev.skiff.sync;

import dev.skiff.copy.CopyOptions;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.util.List;
import java.util.Set;
import java.util.stream.Collectors;

/**
 * A plan's list of platforms: each index is copied as a new index holding just the images for
 * those platforms (and their attestations), as {@code copy --platform} does; a single image is
 * copied as it is. The new index has its own digest, so "up to date" means the destination index
 * lists exactly the source's images for those platforms, which takes a manifest GET on each side.
 */
final class PlatformSubset {
    private static final String REFERENCE_TYPE = "vnd.docker.reference.type";

    private PlatformSubset() {}

    /** The copy options for {@code source}: the platforms apply to an index only. */
    static CopyOptions options(CopyOptions options, List<Platform> platforms, ImageSource source) throws IOException {
        return platforms.isEmpty() || !(source.manifest() instanceof ImageIndex)
                ? options
                : options.withPlatforms(platforms);
    }

    /** The images of {@code index} the platforms select (attestations aside). */
    static List<Descriptor> selected(ImageIndex index, List<Platform> platforms) {
        return index.manifests().stream()
                .filter(d -> !"attestation-manifest".equals(d.annotations().get(REFERENCE_TYPE)))
                .filter(d -> platforms.stream().anyMatch(p -> p.selects(d.platform())))
                .toList();
    }

    /** The destination holds the source's images for the platforms, and no others. */
    static boolean upToDate(
            SyncItem item,
            List<Platform> platforms,
            TransportOptions sourceOptions,
            TransportOptions destinationOptions)
            throws IOException {
        try (ImageSource in = item.source().openSource(sourceOptions);
                ImageSource out = item.destination().openSource(destinationOptions)) {
            ManifestDocument src = in.manifest();
            if (!(src instanceof ImageIndex index)) {
                return false;
            }
            Set<Object> wanted = digests(selected(index, platforms));
            return !wanted.isEmpty()
                    && out.manifest() instanceof ImageIndex copied
                    && wanted.equals(digests(copied.manifests().stream()
                            .filter(d -> !"attestation-manifest"
                                    .equals(d.annotations().get(REFERENCE_TYPE)))
                            .toList()));
        }
    }

    private static Set<Object> digests(List<Descriptor> descriptors) {
        return descriptors.stream().map(Descriptor::digest).collect(Collectors.toSet());
    }
}
