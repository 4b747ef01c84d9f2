package dev.skiff.transport.dockersave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.model.Json;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.transport.archive.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The bytes of a {@code docker save} archive holding one image or several (as
 * {@code docker save a b} writes them): each layer once, uncompressed, as {@code <diff_id hex>.tar};
 * each config unchanged as {@code <digest hex>.json}; the legacy per-layer folders;
 * {@code manifest.json} with one item per image; {@code repositories}. skopeo's order.
 */
final class SaveArchive {
    /** One image as committed: its config, its staged uncompressed layers in rootfs order, its tags. */
    record Image(Digest configDigest, byte[] config, List<Layer> layers, List<ImageName> repoTags) {
        Image {
            layers = List.copyOf(layers);
            repoTags = List.copyOf(repoTags);
        }
    }

    /** An uncompressed layer staged on disk. */
    record Layer(Path file, long size, Digest diffId) {}

    private SaveArchive() {}

    static void write(List<Image> images, OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out, 0);
        Set<String> written = new HashSet<>();
        List<SaveManifest.Item> items = new ArrayList<>();
        ObjectNode repositories = Json.object();
        for (Image image : images) {
            List<String> layerPaths = new ArrayList<>();
            for (Layer layer : image.layers()) {
                String name = layer.diffId().hex() + ".tar";
                layerPaths.add(name);
                if (written.add(name)) {
                    try (InputStream in = Files.newInputStream(layer.file())) {
                        tar.file(name, layer.size(), in);
                    }
                }
            }
            String configName = image.configDigest().hex() + ".json";
            if (written.add(configName)) {
                tar.file(configName, image.config());
            }
            String topId = writeLegacyFolders(tar, image, layerPaths, written);
            items.add(new SaveManifest.Item(
                    configName,
                    image.repoTags().stream().map(ImageName::toString).toList(),
                    layerPaths));
            if (topId != null) {
                for (ImageName name : image.repoTags()) {
                    ObjectNode tags = repositories.has(name.repositoryName())
                            ? (ObjectNode) repositories.get(name.repositoryName())
                            : repositories.putObject(name.repositoryName());
                    tags.put(name.tag(), topId);
                }
            }
        }
        tar.file(SaveManifest.FILE, new SaveManifest(items).toBytes());
        tar.file("repositories", Json.bytes(repositories));
        tar.finish();
    }

    /**
     * The pre-1.10 layout docker and podman still write beside manifest.json: a folder per layer
     * with {@code VERSION}, {@code json} (id, parent; the top one also carries the image's
     * settings) and {@code layer.tar} linking to the real file. The ids chain over the diff_ids
     * and the config digest, so they are unique per image and deterministic. Returns the top id.
     */
    private static String writeLegacyFolders(TarWriter tar, Image image, List<String> layerPaths, Set<String> written)
            throws IOException {
        JsonNode config = Json.parse(image.config(), "image config " + image.configDigest());
        String parent = null;
        for (int i = 0; i < image.layers().size(); i++) {
            String chain =
                    (parent == null ? "" : parent + " ") + image.layers().get(i).diffId() + " " + image.configDigest();
            String id = Digest.sha256(chain.getBytes(StandardCharsets.UTF_8)).hex();
            ObjectNode json = Json.object();
            json.put("id", id);
            if (parent != null) {
                json.put("parent", parent);
            }
            if (i == image.layers().size() - 1) {
                for (String field : List.of(
                        "architecture", "config", "container", "container_config", "created", "docker_version", "os")) {
                    if (config.has(field)) {
                        json.set(field, config.get(field));
                    }
                }
            }
            if (written.add(id + "/")) { // the same image saved under two names: its folders once
                tar.symlink(id + "/layer.tar", "../" + layerPaths.get(i));
                tar.file(id + "/VERSION", "1.0".getBytes(StandardCharsets.US_ASCII));
                tar.file(id + "/json", Json.bytes(json));
            }
            parent = id;
        }
        return parent;
    }
}
