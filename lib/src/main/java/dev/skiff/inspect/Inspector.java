package dev.skiff.inspect;

import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageConfig;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Platform;
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
        return readConfig(image(source.manifest()));
    }

    public ImageInspection inspect(boolean listTags) throws IOException {
        ManifestDocument top = source.manifest();
        ImageManifest image = image(top);
        ImageConfig config = ImageConfig.parse(readConfig(image));
        String name = null;
        List<String> tags = List.of();
        if (source.reference().dockerReference() != null) {
            name = source.reference().dockerReference().repositoryName();
            if (listTags && source instanceof TagLister lister) {
                tags = lister.listTags();
            }
        }
        return new ImageInspection(name, top.digest(), tags, config.created(), config.dockerVersion(),
                config.labels().isEmpty() ? null : config.labels(), config.architecture(), config.variant(),
                config.os(), image.layers(), config.env().isEmpty() ? null : config.env());
    }

    private ImageManifest image(ManifestDocument doc) throws IOException {
        while (doc instanceof ImageIndex index) {
            Descriptor child = index.find(platform).orElseThrow(() -> new SkiffException("no image for " + platform
                    + " in " + source.reference() + " (it has: " + index.platformList()
                    + "); choose one with --override-os/--override-arch/--override-variant, or inspect the index with --raw"));
            doc = source.manifest(child);
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
