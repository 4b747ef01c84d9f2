package dev.skiff.transport.dockersave;

import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageConfig;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.ManifestFormat;
import dev.skiff.model.MediaType;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.transport.FormatConstraints;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.LayerCompression;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
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
    private final DockerSaveBatch batch;
    private final Map<Digest, Staged> staged = new ConcurrentHashMap<>();
    private final Map<Digest, byte[]> configs = new ConcurrentHashMap<>();
    private Path staging;
    private Plan plan;

    /** A layer on disk: its uncompressed file, size and diff_id, and whether it arrived uncompressed. */
    private record Staged(Path file, long size, Digest diffId, boolean wasPlain) {}

    /** What commit writes, decided (and checked) by putManifest. */
    private record Plan(Digest configDigest, byte[] config, List<Staged> layers) {}

    /**
     * {@code repoTags} become the archive's RepoTags (they must carry tags); {@code stagingParent}
     * is where staged layers go (next to the archive, so the disk that will hold it is the one
     * used); {@code what} names the destination in messages.
     */
    public DockerSaveDestination(
            ImageReference ref, String what, List<ImageName> repoTags, Path stagingParent, ArchiveSink sink) {
        this(ref, what, repoTags, stagingParent, sink, null);
    }

    /** One image of a {@link DockerSaveBatch}: committing adds it to the batch's archive. */
    DockerSaveDestination(
            ImageReference ref,
            String what,
            List<ImageName> repoTags,
            Path stagingParent,
            ArchiveSink sink,
            DockerSaveBatch batch) {
        this.ref = ref;
        this.what = what;
        this.repoTags = List.copyOf(repoTags);
        this.stagingParent = stagingParent;
        this.sink = sink;
        this.batch = batch;
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
            configs.put(
                    blob.digest(),
                    BoundedRead.readAll(content, BoundedRead.MANIFEST_LIMIT, "image config " + blob.digest()));
            return;
        }
        Path file = Files.createTempFile(stagingDir(), "layer-", ".tar");
        String layer = "layer " + blob.digest() + " for " + what;
        MessageDigest hasher = Digest.newSha256();
        long size = 0;
        boolean plain;
        try (InputStream raw =
                content.markSupported() ? content : new java.io.BufferedInputStream(content, 64 * 1024)) {
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
    public SkiffException indexRefusal() {
        return new SkiffException(what + " holds single images, not an index", dev.skiff.Hint.SINGLE_IMAGE_ONLY);
    }

    @Override
    public void putChildManifest(ManifestDocument manifest) {
        throw indexRefusal();
    }

    /** Checks every layer against the config's rootfs.diff_ids; a mismatch fails before anything is written. */
    @Override
    public void putManifest(ManifestDocument manifest) throws IOException {
        if (!(manifest instanceof ImageManifest image)) {
            throw indexRefusal();
        }
        Digest configDigest = image.config().digest();
        byte[] config = config(configDigest);
        List<String> diffIds = ImageConfig.parse(config).diffIds();
        if (diffIds.size() != image.layers().size()) {
            throw new SkiffException("cannot write " + what + ": the manifest has "
                    + image.layers().size() + " layers but the config " + configDigest + " lists " + diffIds.size()
                    + " rootfs.diff_ids");
        }
        List<Staged> layers = new ArrayList<>();
        for (int i = 0; i < diffIds.size(); i++) {
            Descriptor layer = image.layers().get(i);
            Staged s = staged.get(layer.digest());
            if (s == null) {
                throw new IllegalStateException("layer " + layer.digest() + " was never put");
            }
            if (!s.diffId().toString().equals(diffIds.get(i))) {
                throw new SkiffException(
                        "cannot write " + what + ": layer " + i + " (" + layer.digest() + ") unpacks to "
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
        if (batch != null) {
            batch.add(image(), handOver());
            return;
        }
        SaveArchive.Image image = image();
        sink.publish(out -> SaveArchive.write(List.of(image), out));
    }

    /** The staging folder, now the batch's to delete (after it has written the archive). */
    private synchronized Path handOver() {
        Path dir = staging;
        staging = null;
        return dir;
    }

    /** The image as {@link SaveArchive} writes it. */
    private SaveArchive.Image image() {
        List<SaveArchive.Layer> layers = plan.layers().stream()
                .map(s -> new SaveArchive.Layer(s.file(), s.size(), s.diffId()))
                .toList();
        return new SaveArchive.Image(plan.configDigest(), plan.config(), layers, repoTags);
    }

    /** Removes the staged layers, whether or not the archive was published. */
    @Override
    public void close() throws IOException {
        deleteTree(handOver());
    }

    /** Deletes a staging folder and what is in it; null is nothing to delete. */
    static void deleteTree(Path dir) throws IOException {
        if (dir != null) {
            try (Stream<Path> files = Files.walk(dir)) {
                for (Path p : files.sorted(Comparator.reverseOrder()).toList()) {
                    Files.deleteIfExists(p);
                }
            }
        }
    }
}
