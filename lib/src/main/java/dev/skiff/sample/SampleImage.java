package dev.skiff.sample;

import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.model.Descriptor;
import dev.skiff.model.Json;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.archive.TarWriter;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.zip.GZIPOutputStream;

/**
 * Builds small but real images offline — tar+gzip layers of random bytes, a config whose
 * {@code rootfs.diff_ids} match them, one manifest per platform and an index when there are
 * several — and writes them through any {@link ImageDestination}. For demos, rehearsing a
 * runbook without network, and tests.
 */
public final class SampleImage {
    private int layers = 2;
    private int layerSize = 64 * 1024;
    private List<Platform> platforms = List.of(Platform.of("linux", "amd64", null));
    private Random random = new Random();
    private String format = "oci";
    private boolean compress = true;
    private final Map<String, String> labels = new LinkedHashMap<>();
    private final List<String> env =
            new ArrayList<>(List.of("PATH=/usr/local/sbin:/usr/local/bin:/usr/sbin:/usr/bin:/sbin:/bin"));

    public SampleImage layers(int count) {
        this.layers = count;
        return this;
    }

    public SampleImage layerSize(int bytes) {
        this.layerSize = bytes;
        return this;
    }

    public SampleImage platforms(List<Platform> list) {
        this.platforms = List.copyOf(list);
        return this;
    }

    /** Makes the random content repeatable: the same seed gives the same digests. */
    public SampleImage seed(long seed) {
        this.random = new Random(seed);
        return this;
    }

    /** {@code oci} (default) or {@code docker} (v2 schema 2 media types). */
    public SampleImage format(String name) {
        if (!name.equals("oci") && !name.equals("docker")) {
            throw new IllegalArgumentException("format must be oci or docker, got " + name);
        }
        this.format = name;
        return this;
    }

    /** {@code gzip} (default) or {@code none}: uncompressed tar layers, whose digests are their diff_ids. */
    public SampleImage compression(String name) {
        if (!name.equals("gzip") && !name.equals("none")) {
            throw new IllegalArgumentException("compression must be gzip or none, got " + name);
        }
        this.compress = name.equals("gzip");
        return this;
    }

    public SampleImage label(String key, String value) {
        labels.put(key, value);
        return this;
    }

    public SampleImage env(String entry) {
        env.add(entry);
        return this;
    }

    /** Writes the image (an index when there are several platforms) and returns its top manifest. */
    public ManifestDocument writeTo(ImageDestination destination) throws IOException {
        List<ManifestDocument> images = new ArrayList<>();
        for (Platform p : platforms) {
            images.add(writeImage(destination, p));
        }
        ManifestDocument top;
        if (images.size() == 1) {
            top = images.get(0);
        } else {
            for (ManifestDocument image : images) {
                destination.putChildManifest(image);
            }
            top = index(images);
        }
        destination.putManifest(top);
        destination.commit();
        return top;
    }

    private boolean docker() {
        return format.equals("docker");
    }

    private ManifestDocument writeImage(ImageDestination destination, Platform platform) throws IOException {
        List<Descriptor> layerDescriptors = new ArrayList<>();
        List<String> diffIds = new ArrayList<>();
        long mtime = Instant.now().getEpochSecond();
        for (int i = 0; i < layers; i++) {
            byte[] content = new byte[layerSize];
            random.nextBytes(content);
            ByteArrayOutputStream bytes = new ByteArrayOutputStream();
            TarWriter tar = new TarWriter(bytes, mtime);
            tar.directory("sample");
            tar.file("sample/layer-" + i + "-" + platform.architecture() + ".bin", content);
            tar.finish();
            byte[] uncompressed = bytes.toByteArray();
            byte[] compressed = compress ? gzip(uncompressed) : uncompressed;
            diffIds.add(Digest.sha256(uncompressed).toString());
            String mediaType = compress
                    ? (docker() ? MediaType.DOCKER_LAYER_GZIP : MediaType.OCI_LAYER_GZIP)
                    : (docker() ? dev.skiff.model.LayerType.DOCKER_LAYER : MediaType.OCI_LAYER);
            Descriptor d = Descriptor.of(mediaType, Digest.sha256(compressed), compressed.length);
            put(destination, d, compressed);
            layerDescriptors.add(d);
        }
        byte[] config = Json.bytes(config(platform, diffIds));
        Descriptor configDescriptor = Descriptor.of(
                docker() ? MediaType.DOCKER_CONFIG : MediaType.OCI_CONFIG, Digest.sha256(config), config.length);
        put(destination, configDescriptor, config);

        ObjectNode manifest = Json.object();
        manifest.put("schemaVersion", 2);
        manifest.put("mediaType", docker() ? MediaType.DOCKER_MANIFEST : MediaType.OCI_MANIFEST);
        manifest.set("config", configDescriptor.toJson());
        ArrayNode layersJson = manifest.putArray("layers");
        layerDescriptors.forEach(d -> layersJson.add(d.toJson()));
        return ManifestDocument.parse(Json.bytes(manifest), null);
    }

    private ObjectNode config(Platform platform, List<String> diffIds) {
        ObjectNode config = Json.object();
        String created = Instant.now().truncatedTo(ChronoUnit.SECONDS).toString();
        config.put("created", created);
        config.put("architecture", platform.architecture());
        if (platform.variant() != null) {
            config.put("variant", platform.variant());
        }
        config.put("os", platform.os());
        ObjectNode runtime = config.putObject("config");
        ArrayNode envJson = runtime.putArray("Env");
        env.forEach(envJson::add);
        runtime.putArray("Cmd").add("/bin/sh");
        if (!labels.isEmpty()) {
            ObjectNode l = runtime.putObject("Labels");
            labels.forEach(l::put);
        }
        ObjectNode rootfs = config.putObject("rootfs");
        rootfs.put("type", "layers");
        ArrayNode ids = rootfs.putArray("diff_ids");
        diffIds.forEach(ids::add);
        ArrayNode history = config.putArray("history");
        for (int i = 0; i < diffIds.size(); i++) {
            history.addObject().put("created", created).put("created_by", "skiff sample-image layer " + i);
        }
        return config;
    }

    private ManifestDocument index(List<ManifestDocument> images) {
        ObjectNode index = Json.object();
        index.put("schemaVersion", 2);
        index.put("mediaType", docker() ? MediaType.DOCKER_MANIFEST_LIST : MediaType.OCI_INDEX);
        ArrayNode manifests = index.putArray("manifests");
        for (int i = 0; i < images.size(); i++) {
            manifests.add(
                    images.get(i).descriptor().withPlatform(platforms.get(i)).toJson());
        }
        return ManifestDocument.parse(Json.bytes(index), null);
    }

    private static void put(ImageDestination destination, Descriptor d, byte[] content) throws IOException {
        if (!destination.hasBlob(d)) {
            destination.putBlob(d, new dev.skiff.io.VerifyingInputStream(new ByteArrayInputStream(content), d));
        }
    }

    private static byte[] gzip(byte[] data) {
        ByteArrayOutputStream out = new ByteArrayOutputStream(data.length + 1024);
        try (GZIPOutputStream gz = new GZIPOutputStream(out)) {
            gz.write(data);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        return out.toByteArray();
    }
}
