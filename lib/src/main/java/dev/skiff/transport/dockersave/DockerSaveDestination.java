package dev.skiff.transport.dockersave;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageConfig;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.Json;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.model.ManifestFormat;
import dev.skiff.transport.FormatConstraints;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.LayerCompression;
import dev.skiff.transport.archive.TarWriter;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Writes one image as a {@code docker save} archive, the form {@code docker load} and
 * {@code podman load} accept: each layer uncompressed as {@code <diff_id hex>.tar} (gzip is
 * decompressed on arrival, and the result must hash to the config's {@code rootfs.diff_ids}),
 * the config unchanged as {@code <digest hex>.json} (so the image ID stays), the legacy per-layer
 * folders, {@code manifest.json} with the RepoTags, and {@code repositories}.
 *
 * <p>Layers arrive in parallel and in any order, so each is staged (uncompressed) in its own
 * file; {@link #commit()} then streams the archive, in rootfs order, into the {@link ArchiveSink}.
 * Memory holds only the config; nothing reaches the sink unless every layer checked out.
 *
 * <p>As skopeo's, it holds Docker v2s2 images only, so the copier converts an OCI image (its
 * config bytes, and so the image ID, unchanged). It takes layers as they come
 * ({@link LayerCompression#PRESERVE}) and decompresses them itself: by their first bytes, not
 * their media type (a mislabelled layer still loads, as with docker load), with errors naming the
 * layer and the archive, and it must stage every layer anyway to write them in rootfs order.
 */
public final class DockerSaveDestination implements ImageDestination, FormatConstraints {
    private final ImageReference ref;
    private final String what;
    private final List<ImageName> repoTags;
    private final Path stagingParent;
    private final ArchiveSink sink;
    private final Map<Digest, Staged> staged = new ConcurrentHashMap<>();
    private final Map<Digest, byte[]> configs = new ConcurrentHashMap<>();
    private Path staging;
    private Plan plan;

    /** A layer on disk: its uncompressed file, size and diff_id, and whether it arrived uncompressed. */
    private record Staged(Path file, long size, Digest diffId, boolean wasPlain) {
    }

    /** What commit writes, decided (and checked) by putManifest. */
    private record Plan(Digest configDigest, byte[] config, List<Staged> layers) {
    }

    /**
     * {@code repoTags} become the archive's RepoTags (they must carry tags); {@code stagingParent}
     * is where staged layers go (next to the archive, so the disk that will hold it is the one
     * used); {@code what} names the destination in messages.
     */
    public DockerSaveDestination(ImageReference ref, String what, List<ImageName> repoTags, Path stagingParent,
                                 ArchiveSink sink) {
        this.ref = ref;
        this.what = what;
        this.repoTags = List.copyOf(repoTags);
        this.stagingParent = stagingParent;
        this.sink = sink;
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    @Override
    public List<ManifestFormat> manifestFormats() {
        return List.of(ManifestFormat.V2S2);
    }

    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.PRESERVE;
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        return false;
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content) throws IOException {
        if (MediaType.DOCKER_CONFIG.equals(blob.mediaType()) || MediaType.OCI_CONFIG.equals(blob.mediaType())) {
            configs.put(blob.digest(), BoundedRead.readAll(content, BoundedRead.MANIFEST_LIMIT, "image config " + blob.digest()));
            return;
        }
        Path file = Files.createTempFile(stagingDir(), "layer-", ".tar");
        String layer = "layer " + blob.digest() + " for " + what;
        MessageDigest hasher = Digest.newSha256();
        long size = 0;
        boolean plain;
        try (InputStream raw = content.markSupported() ? content : new java.io.BufferedInputStream(content, 64 * 1024)) {
            raw.mark(2);
            plain = !LayerStreams.isGzip(raw);
            raw.reset();
            try (InputStream in = LayerStreams.uncompressed(raw, layer);
                 OutputStream out = Files.newOutputStream(file)) {
                byte[] buffer = new byte[64 * 1024];
                int n;
                while ((n = in.read(buffer)) > 0) {
                    hasher.update(buffer, 0, n);
                    out.write(buffer, 0, n);
                    size += n;
                }
            }
        }
        staged.put(blob.digest(), new Staged(file, size, Digest.sha256(hasher), plain));
    }

    private synchronized Path stagingDir() throws IOException {
        if (staging == null) {
            Files.createDirectories(stagingParent);
            staging = Files.createTempDirectory(stagingParent, ".skiff-docker-archive-");
        }
        return staging;
    }

    @Override
    public void putChildManifest(ManifestDocument manifest) {
        throw new SkiffException(what + " holds single images, not an index: copy one platform (without --all)");
    }

    /** Checks every layer against the config's rootfs.diff_ids; a mismatch fails before anything is written. */
    @Override
    public void putManifest(ManifestDocument manifest) throws IOException {
        if (!(manifest instanceof ImageManifest image)) {
            throw new SkiffException(what + " holds single images, not an index: copy one platform (without --all)");
        }
        Digest configDigest = image.config().digest();
        byte[] config = config(configDigest);
        List<String> diffIds = ImageConfig.parse(config).diffIds();
        if (diffIds.size() != image.layers().size()) {
            throw new SkiffException("cannot write " + what + ": the manifest has " + image.layers().size()
                    + " layers but the config " + configDigest + " lists " + diffIds.size() + " rootfs.diff_ids");
        }
        List<Staged> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor layer = image.layers().get(i);
            Staged s = staged.get(layer.digest());
            if (s == null) {
                throw new IllegalStateException("layer " + layer.digest() + " was never put");
            }
            if (!s.diffId().toString().equals(diffIds.get(i))) {
                throw new SkiffException("cannot write " + what + ": layer " + i + " (" + layer.digest() + ") unpacks to "
                        + s.diffId() + " but the config's rootfs.diff_ids[" + i + "] is " + diffIds.get(i)
                        + "; the image is inconsistent, nothing was written");
            }
            layers.add(s);
        }
        plan = new Plan(configDigest, config, layers);
    }

    /** The config: kept in memory when it came as a config, else the staged copy of an uncompressed blob. */
    private byte[] config(Digest digest) throws IOException {
        byte[] config = configs.get(digest);
        if (config != null) {
            return config;
        }
        Staged s = staged.get(digest);
        if (s == null || !s.wasPlain()) {
            throw new IllegalStateException("config " + digest + " was never put");
        }
        try (InputStream in = Files.newInputStream(s.file())) {
            return BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "image config " + digest);
        }
    }

    @Override
    public void commit() throws IOException {
        if (plan == null) {
            throw new IllegalStateException("commit before putManifest");
        }
        sink.publish(this::writeArchive);
    }

    /** skopeo's order: layers, config, legacy folders, manifest.json, repositories. */
    private void writeArchive(OutputStream out) throws IOException {
        TarWriter tar = new TarWriter(out, 0);
        Set<Digest> written = new LinkedHashSet<>();
        List<String> layerPaths = new ArrayList<>();
        for (Staged s : plan.layers()) {
            String name = s.diffId().hex() + ".tar";
            layerPaths.add(name);
            if (written.add(s.diffId())) {
                try (InputStream in = Files.newInputStream(s.file())) {
                    tar.file(name, s.size(), in);
                }
            }
        }
        String configName = plan.configDigest().hex() + ".json";
        tar.file(configName, plan.config());
        String topId = writeLegacyFolders(tar, layerPaths);
        List<String> tags = repoTags.stream().map(ImageName::toString).toList();
        tar.file(SaveManifest.FILE, new SaveManifest(List.of(new SaveManifest.Item(configName, tags, layerPaths))).toBytes());
        tar.file("repositories", repositories(topId));
        tar.finish();
    }

    /**
     * The pre-1.10 layout docker and podman still write beside manifest.json: a folder per layer
     * with {@code VERSION}, {@code json} (id, parent; the top one also carries the image's
     * settings) and {@code layer.tar} linking to the real file. The ids chain over the diff_ids
     * and the config digest, so they are unique per image and deterministic. Returns the top id.
     */
    private String writeLegacyFolders(TarWriter tar, List<String> layerPaths) throws IOException {
        JsonNode config = Json.parse(plan.config(), "image config " + plan.configDigest());
        String parent = null;
        for (int i = 0; i < plan.layers().size(); i++) {
            String chain = (parent == null ? "" : parent + " ") + plan.layers().get(i).diffId() + " " + plan.configDigest();
            String id = Digest.sha256(chain.getBytes(StandardCharsets.UTF_8)).hex();
            ObjectNode json = Json.object();
            json.put("id", id);
            if (parent != null) {
                json.put("parent", parent);
            }
            if (i == plan.layers().size() - 1) {
                for (String field : List.of("architecture", "config", "container", "container_config", "created",
                        "docker_version", "os")) {
                    if (config.has(field)) {
                        json.set(field, config.get(field));
                    }
                }
            }
            tar.symlink(id + "/layer.tar", "../" + layerPaths.get(i));
            tar.file(id + "/VERSION", "1.0".getBytes(StandardCharsets.US_ASCII));
            tar.file(id + "/json", Json.bytes(json));
            parent = id;
        }
        return parent;
    }

    private byte[] repositories(String topId) {
        ObjectNode repositories = Json.object();
        if (topId != null) {
            for (ImageName name : repoTags) {
                ObjectNode tags = repositories.has(name.repositoryName())
                        ? (ObjectNode) repositories.get(name.repositoryName()) : repositories.putObject(name.repositoryName());
                tags.put(name.tag(), topId);
            }
        }
        return Json.bytes(repositories);
    }

    /** Removes the staged layers, whether or not the archive was published. */
    @Override
    public void close() throws IOException {
        Path dir;
        synchronized (this) {
            dir = staging;
            staging = null;
        }
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
