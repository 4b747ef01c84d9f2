package dev.skiff.transport.dockersave;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageConfig;
import dev.skiff.model.Json;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.ImageNotFoundException;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.TagLister;
import dev.skiff.transport.archive.TarIndex;
import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads one image of a {@code docker save} archive in place (random access through
 * {@link TarIndex}; nothing is unpacked). It presents what skopeo presents: a Docker v2s2 manifest
 * whose layers are the uncompressed layer tars, addressed by their diff_ids, and the config
 * unchanged, so the config digest (the image ID) survives a copy. The layers are
 * {@link dev.skiff.model.LayerType#DOCKER_LAYER} (uncompressed), so a registry or layout
 * destination gets them gzip-compressed on the way, as from skopeo.
 */
public final class DockerSaveSource implements ImageSource, TagLister {
    private final ImageReference ref;
    private final String what;
    private final TarIndex tar;
    private final SaveManifest saved;
    private final ImageName tag;
    private final int index;
    private final Closeable cleanup;
    private Image image;

    /** The image, once chosen: its manifest, its config, and where each layer is in the archive. */
    private record Image(ManifestDocument manifest, Digest configDigest, byte[] config, Map<Digest, String> layers) {}

    private DockerSaveSource(
            ImageReference ref,
            String what,
            TarIndex tar,
            SaveManifest saved,
            ImageName tag,
            int index,
            Closeable cleanup) {
        this.ref = ref;
        this.what = what;
        this.tar = tar;
        this.saved = saved;
        this.tag = tag;
        this.index = index;
        this.cleanup = cleanup;
    }

    /**
     * Opens {@code archive} and reads its manifest.json. The image is the one tagged {@code tag},
     * else the one at {@code index} (when not negative), else the only one. {@code what} names the
     * archive in messages; {@code cleanup} runs on close (a spooled temp file, say), also on failure.
     */
    public static DockerSaveSource open(
            ImageReference ref, String what, Path archive, ImageName tag, int index, Closeable cleanup)
            throws IOException {
        TarIndex tar = null;
        try {
            tar = TarIndex.open(archive);
            if (tar.find(SaveManifest.FILE).isEmpty()) {
                throw new SkiffException(
                        what + " has no " + SaveManifest.FILE + ": it is not a docker-archive (docker save) file"
                                + (tar.find("index.json").isPresent()
                                        ? "; it looks like an OCI archive, try oci-archive:" + archive
                                        : ""));
            }
            SaveManifest saved = SaveManifest.parse(tar.readAll(SaveManifest.FILE, SaveManifest.LIMIT), what);
            return new DockerSaveSource(ref, what, tar, saved, tag, index, cleanup);
        } catch (IOException | RuntimeException e) {
            if (tar != null) {
                tar.close();
            }
            if (cleanup != null) {
                cleanup.close();
            }
            throw e;
        }
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    @Override
    public synchronized ManifestDocument manifest() throws IOException {
        return image().manifest();
    }

    @Override
    public ManifestDocument manifest(Descriptor child) {
        throw new SkiffException(
                what + " holds single images, not an index; there is no child manifest " + child.digest());
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        Image img;
        synchronized (this) {
            img = image();
        }
        if (blob.digest().equals(img.configDigest())) {
            return new ByteArrayInputStream(img.config());
        }
        String path = img.layers().get(blob.digest());
        if (path == null) {
            throw new SkiffException(what + " has no blob " + blob.digest() + " in the chosen image");
        }
        String layer = "layer \"" + path + "\" of " + what;
        return LayerStreams.checked(LayerStreams.uncompressed(tar.open(path), layer), blob.digest(), layer);
    }

    /** skopeo's list: every RepoTag of every image as the archive spells it, and {@code @N} for an image without tags. */
    @Override
    public List<String> listTags() {
        List<String> tags = new ArrayList<>();
        for (int i = 0; i < saved.items().size(); i++) {
            List<String> repoTags = saved.items().get(i).repoTags();
            if (repoTags.isEmpty()) {
                tags.add("@" + i);
            }
            tags.addAll(repoTags);
        }
        return tags;
    }

    /** skopeo shows RepoTags in inspect for registries only. */
    @Override
    public boolean tagsInInspect() {
        return false;
    }

    private static String normalised(String repoTag) {
        try {
            return ImageName.parse(repoTag).toString();
        } catch (InvalidReferenceException e) {
            return repoTag;
        }
    }

    private Image image() throws IOException {
        if (image == null) {
            image = load(choose());
        }
        return image;
    }

    private SaveManifest.Item choose() {
        List<SaveManifest.Item> items = saved.items();
        if (items.isEmpty()) {
            throw new ImageNotFoundException(
                    what + " holds no images (its " + SaveManifest.FILE + " is an empty list)");
        }
        if (tag != null) {
            for (SaveManifest.Item item : items) {
                for (String t : item.repoTags()) {
                    if (tag.toString().equals(normalised(t))) {
                        return item;
                    }
                }
            }
            throw new ImageNotFoundException(
                    "no image tagged " + tag + " in " + what + " (it holds: " + String.join(", ", listTags()) + ")");
        }
        if (index >= 0) {
            if (index >= items.size()) {
                throw new ImageNotFoundException(what + " has no image @" + index + ": it holds " + items.size()
                        + (items.size() == 1 ? " image (@0)" : " images (@0 to @" + (items.size() - 1) + ")"));
            }
            return items.get(index);
        }
        if (items.size() > 1) {
            throw new SkiffException(what + " holds " + items.size() + " images; name one by tag or by @N: "
                    + String.join(", ", listTags()));
        }
        return items.get(0);
    }

    private Image load(SaveManifest.Item item) throws IOException {
        byte[] config = tar.readAll(item.config(), BoundedRead.MANIFEST_LIMIT);
        ImageConfig parsed;
        try {
            parsed = ImageConfig.parse(config);
        } catch (RuntimeException e) {
            throw new SkiffException(
                    "config \"" + item.config() + "\" of " + what + " is not an image config: " + e.getMessage());
        }
        List<String> diffIds = parsed.diffIds();
        if (diffIds.size() != item.layers().size()) {
            throw new SkiffException(
                    what + ": " + SaveManifest.FILE + " lists " + item.layers().size() + " layers but the config \""
                            + item.config() + "\" has " + diffIds.size() + " rootfs.diff_ids");
        }
        Map<Digest, String> layers = new LinkedHashMap<>();
        List<Descriptor> descriptors = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            String path = item.layers().get(i);
            Digest diffId;
            try {
                diffId = Digest.parse(diffIds.get(i));
            } catch (RuntimeException e) {
                throw new SkiffException("config \"" + item.config() + "\" of " + what + ": rootfs.diff_ids[" + i
                        + "] is not a digest: " + e.getMessage());
            }
            if (tar.find(path).isEmpty()) {
                throw new SkiffException("layer \"" + path + "\" is listed in " + SaveManifest.FILE + " of " + what
                        + " but is missing from the archive");
            }
            layers.putIfAbsent(diffId, path);
            descriptors.add(Descriptor.of(dev.skiff.model.LayerType.DOCKER_LAYER, diffId, uncompressedSize(path)));
        }
        Descriptor configDescriptor = Descriptor.of(MediaType.DOCKER_CONFIG, Digest.sha256(config), config.length);
        return new Image(
                ManifestDocument.parse(manifestBytes(configDescriptor, descriptors), MediaType.DOCKER_MANIFEST),
                configDescriptor.digest(),
                config,
                layers);
    }

    /** A layer's size as presented: the entry's own size, or for a gzip layer the size it unpacks to. */
    private long uncompressedSize(String path) throws IOException {
        try (InputStream head = tar.open(path)) {
            if (!LayerStreams.isGzip(head)) {
                return tar.size(path);
            }
        }
        try (InputStream in = LayerStreams.uncompressed(tar.open(path), "layer \"" + path + "\" of " + what)) {
            return in.transferTo(java.io.OutputStream.nullOutputStream());
        }
    }

    /** The manifest skopeo generates, field for field (mediaType, size, digest). */
    private static byte[] manifestBytes(Descriptor config, List<Descriptor> layers) {
        ObjectNode root = Json.object();
        root.put("schemaVersion", 2);
        root.put("mediaType", MediaType.DOCKER_MANIFEST);
        descriptor(root.putObject("config"), config);
        ArrayNode list = root.putArray("layers");
        layers.forEach(d -> descriptor(list.addObject(), d));
        return Json.bytes(root);
    }

    private static void descriptor(ObjectNode n, Descriptor d) {
        n.put("mediaType", d.mediaType());
        n.put("size", d.size());
        n.put("digest", d.digest().toString());
    }

    @Override
    public void close() throws IOException {
        try {
            tar.close();
        } finally {
            if (cleanup != null) {
                cleanup.close();
            }
        }
    }
}
