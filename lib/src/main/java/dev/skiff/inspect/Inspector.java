package dev.skiff.inspect;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageConfig;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
import dev.skiff.model.Schema1Manifest;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.TagLister;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Reads what {@code inspect} shows: the manifest, the image chosen for a platform, and its config. */
public final class Inspector {
    private final ImageSource source;
    private final Platform platform;

    public Inspector(ImageSource source, Platform platform) {
        this.source = source;
        this.platform = platform;
    }

    /** The manifest bytes exactly as stored (what {@code --raw} prints). */
    public byte[] rawManifest() throws IOException {
        return source.manifest().raw();
    }

    /** The config blob of the image chosen for the platform, verified, as stored. */
    public byte[] rawConfig() throws IOException {
        ManifestDocument top = source.manifest();
        if (top instanceof Schema1Manifest) {
            throw new SkiffException(
                    source.reference() + " is a Docker schema 1 image, which has no config blob"
                            + " (a registry may serve a newer format of it)",
                    Hint.NO_CONFIG);
        }
        return readConfig(image(top));
    }

    /** Go's zero time.Time as skopeo prints it. */
    private static final String ZERO_TIME = "0001-01-01T00:00:00Z";

    public ImageInspection inspect(boolean listTags) throws IOException {
        ManifestDocument top = source.manifest();
        String name = null;
        List<String> tags = List.of();
        if (source.reference().dockerReference() != null) {
            name = source.reference().dockerReference().repositoryName();
            if (listTags && source instanceof TagLister lister && lister.tagsInInspect()) {
                tags = lister.listTags();
            }
        }
        if (top instanceof Schema1Manifest legacy) {
            return schema1(legacy, name, tags);
        }
        ImageManifest image = image(top);
        ImageConfig config = ImageConfig.parse(readConfig(image));
        // skopeo reads a Docker schema 2 config's "created" into a Go time.Time, never nil: absent, it
        // prints the zero time. An OCI config's is a *time.Time, so absent stays null.
        String created = config.created() == null && dev.skiff.model.MediaType.DOCKER_MANIFEST.equals(image.mediaType())
                ? ZERO_TIME
                : config.created();
        return new ImageInspection(
                name,
                source instanceof dev.skiff.transport.StoredDigest stored && stored.storedDigest() != null
                        ? stored.storedDigest()
                        : top.digest(),
                tags,
                created,
                config.dockerVersion(),
                config.labels().isEmpty() ? null : config.labels(),
                config.architecture(),
                config.variant(),
                config.os(),
                image.layers().stream().map(ImageInspection.LayerData::of).toList(),
                config.env().isEmpty() ? null : config.env(),
                null);
    }

    /** What skopeo shows for a schema 1 image: its newest v1Compatibility entry and its non-empty layers. */
    private static ImageInspection schema1(Schema1Manifest legacy, String name, List<String> tags) {
        ImageConfig image =
                ImageConfig.parse(legacy.v1Compatibility().get(0).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        String created = image.created() == null ? ZERO_TIME : image.created();
        return new ImageInspection(
                name,
                legacy.digest(),
                tags,
                created,
                image.dockerVersion() == null ? "" : image.dockerVersion(),
                image.labels().isEmpty() ? null : image.labels(),
                image.architecture(),
                image.variant(),
                image.os(),
                legacy.layers().stream()
                        .map(d -> new ImageInspection.LayerData(null, d, -1, null))
                        .toList(),
                image.env().isEmpty() ? null : image.env(),
                legacy.tag());
    }

    private ImageManifest image(ManifestDocument doc) throws IOException {
        while (doc instanceof ImageIndex index) {
            Descriptor child = index.find(platform)
                    .orElseThrow(() -> new SkiffException(
                            "no image for " + platform + " in " + source.reference() + " (it has: "
                                    + index.platformList() + ")",
                            Hint.PLATFORM_MISSING,
                            String.valueOf(platform),
                            Side.UNKNOWN,
                            null));
            doc = source.manifest(child);
        }
        if (doc instanceof Schema1Manifest legacy) {
            throw legacy.notCopyable("the image in " + source.reference());
        }
        return (ImageManifest) doc;
    }

    private byte[] readConfig(ImageManifest image) throws IOException {
        Descriptor config = image.config();
        try (InputStream in = new VerifyingInputStream(source.openBlob(config), config)) {
            return BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "image config " + config.digest());
        }
    }
}
