package dev.skiff;

import dev.skiff.copy.Copier;
import dev.skiff.copy.CopyListener;
import dev.skiff.copy.CopyOptions;
import dev.skiff.copy.CopyResult;
import dev.skiff.copy.Sides;
import dev.skiff.inspect.ImageInspection;
import dev.skiff.inspect.Inspector;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
import dev.skiff.registry.RegistryClient;
import dev.skiff.sample.SampleImage;
import dev.skiff.transport.Deletion;
import dev.skiff.transport.ImageDeleter;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.SignatureOptions;
import dev.skiff.transport.TagLister;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.Transports;
import dev.skiff.verify.DeepReport;
import dev.skiff.verify.DeepVerifier;
import dev.skiff.verify.ImageComparer;
import dev.skiff.verify.ImageComparison;
import java.io.IOException;
import java.util.List;

/**
 * The library's front door, taking reference strings as a runbook writes them
 * ({@code oci:./out:v1}, {@code docker://host/repo:tag}). Commands and the DSL call this.
 */
public final class Skiff {
    private Skiff() {}

    public static CopyResult copy(
            String source,
            String destination,
            CopyOptions options,
            TransportOptions sourceOptions,
            TransportOptions destinationOptions,
            CopyListener listener)
            throws IOException {
        ImageReference src = Transports.parse(source);
        ImageReference dst = Transports.parse(destination);
        try (ImageSource in = Sides.source(() -> src.openSource(sourceOptions))) {
            // The policy decides on the source before the destination is opened.
            return new Copier(options, listener).copy(in, () -> dst.openDestination(destinationOptions));
        }
    }

    public static ImageInspection inspect(String image, TransportOptions options, Platform platform, boolean listTags)
            throws IOException {
        try (ImageSource in = Transports.parse(image).openSource(options)) {
            return new Inspector(in, platform).inspect(listTags);
        }
    }

    public static byte[] rawManifest(String image, TransportOptions options) throws IOException {
        try (ImageSource in = Transports.parse(image).openSource(options)) {
            return new Inspector(in, Platform.current()).rawManifest();
        }
    }

    public static byte[] rawConfig(String image, TransportOptions options, Platform platform) throws IOException {
        try (ImageSource in = Transports.parse(image).openSource(options)) {
            return new Inspector(in, platform).rawConfig();
        }
    }

    /** The tags a source holds, for transports that can list them (registries, layouts, archives). */
    public static TagList listTags(String image, TransportOptions options) throws IOException {
        ImageReference ref = Transports.parse(image);
        if (ref instanceof dev.skiff.transport.NoTagList) {
            throw new SkiffException(
                    "cannot list tags of " + image + ": the " + ref.transport().name()
                            + " transport has no tag list (as in skopeo; try docker://, oci:, oci-archive: or docker-archive:)");
        }
        try (ImageSource in = ref.openSource(options)) {
            if (!(in instanceof TagLister lister)) {
                throw new SkiffException("cannot list tags of " + image + ": the "
                        + ref.transport().name()
                        + " transport has no tag list (try docker://, oci:, oci-archive: or docker-archive:)");
            }
            return new TagList(lister.listedRepository(), lister.listTags());
        }
    }

    /**
     * Compares the image at {@code source} with the one at {@code destination} by digest (every
     * child of an index; with {@code all} false, the one platform a copy of one platform carried).
     */
    public static ImageComparison verify(
            String source,
            String destination,
            boolean all,
            Platform platform,
            TransportOptions sourceOptions,
            TransportOptions destinationOptions)
            throws IOException {
        return verify(
                source,
                destination,
                all,
                platform,
                sourceOptions,
                destinationOptions,
                dev.skiff.trust.ocicrypt.LayerCrypto.NONE);
    }

    /** As {@link #verify}, decrypting encrypted layers with {@code crypto}'s keys to compare their plaintext. */
    public static ImageComparison verify(
            String source,
            String destination,
            boolean all,
            Platform platform,
            TransportOptions sourceOptions,
            TransportOptions destinationOptions,
            dev.skiff.trust.ocicrypt.LayerCrypto crypto)
            throws IOException {
        ImageReference src = Transports.parse(source);
        ImageReference dst = Transports.parse(destination);
        try (ImageSource in = Sides.source(() -> src.openSource(sourceOptions));
                ImageSource out = Sides.destination(() -> dst.openSource(destinationOptions))) {
            return new ImageComparer(all, platform, crypto).compare(in, out);
        }
    }

    /** Re-reads every blob of {@code image} (or, for {@code oci:DIR} with no tag, of every image there). */
    public static DeepReport verifyDeep(
            String image, boolean all, boolean diffIds, Platform platform, TransportOptions options)
            throws IOException {
        try (ImageSource in = Transports.parse(image).openSource(options)) {
            return new DeepVerifier(all, diffIds, platform).check(in);
        }
    }

    public static ManifestDocument writeSample(SampleImage sample, String destination, TransportOptions options)
            throws IOException {
        try (ImageDestination out = Transports.parse(destination).openDestination(options)) {
            return sample.writeTo(out);
        }
    }

    /**
     * Deletes an image where it lives: a registry manifest (a tag is resolved to its digest) with its
     * lookaside signatures as the default registries.d names them, or an OCI layout tag.
     */
    public static Deletion delete(String image, TransportOptions options) throws IOException {
        return delete(image, options, SignatureOptions.defaults());
    }

    /** {@link #delete(String, TransportOptions)}, with the registries.d that says where signatures live. */
    public static Deletion delete(String image, TransportOptions options, SignatureOptions signatures)
            throws IOException {
        ImageReference ref = Transports.parse(image);
        if (!(ref instanceof ImageDeleter deleter)) {
            throw new SkiffException("cannot delete " + image + ": the "
                    + ref.transport().name() + " transport has no delete (try docker:// or oci:)");
        }
        return deleter.delete(options, signatures);
    }

    /** The repositories of a registry (HOST[:PORT], or docker://HOST[:PORT]), every page followed. */
    public static List<String> catalog(String registry, TransportOptions options, int pageSize) {
        String host = registry.startsWith("docker://") ? registry.substring("docker://".length()) : registry;
        while (host.endsWith("/")) {
            host = host.substring(0, host.length() - 1);
        }
        if (host.isEmpty() || host.contains("/") || host.contains("@")) {
            throw new SkiffException("catalog takes a registry, not a repository or image: \"" + registry
                    + "\" (e.g. 127.0.0.1:5000 or docker://127.0.0.1:5000)");
        }
        TransportOptions o = dev.skiff.transport.registry.RegistryEndpoints.forRegistry(host, options);
        try (RegistryClient client = RegistryClient.forRegistry(host, o)) {
            return client.catalog(pageSize);
        }
    }
}
