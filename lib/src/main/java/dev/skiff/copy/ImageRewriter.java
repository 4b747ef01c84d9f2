package dev.skiff.copy;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Compression;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.LayerType;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.ManifestFormat;
import dev.skiff.model.MediaType;
import dev.skiff.model.OciConfigJson;
import dev.skiff.model.Platform;
import dev.skiff.name.Digest;
import dev.skiff.transport.FormatConstraints;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.LayerCompression;
import dev.skiff.trust.ocicrypt.LayerCipher;
import dev.skiff.trust.ocicrypt.LayerCrypto;
import dev.skiff.trust.ocicrypt.OciCrypt;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Decides, before anything is written, how an image must change to fit the destination and the
 * options: which manifest format (the one asked for, or what the destination's
 * {@link FormatConstraints} can hold), which layers to gzip, which index entries
 * a platform filter keeps. Reads only manifests and, when a conversion to OCI needs them,
 * configs. When digests must be kept, a plan that would change one is refused here.
 */
final class ImageRewriter {
    static final String REFERENCE_TYPE = "vnd.docker.reference.type";

    private final CopyOptions options;
    private final ImageSource source;
    private final ImageDestination destination;
    private final List<ManifestFormat> holds;
    private final LayerCompression compression;
    /** What to do with compressed layers besides: re-compress into another format, or decompress. */
    private final boolean decompress;

    private final Set<String> reasons = new LinkedHashSet<>();
    private final Set<Platform> matchedPlatforms = new HashSet<>();
    /** One layer cipher per layer digest, so a layer shared by several images is wrapped or unwrapped once. */
    private final java.util.Map<Digest, LayerCipher> ciphers = new java.util.HashMap<>();

    private int encrypted;
    private int decrypted;

    ImageRewriter(CopyOptions options, ImageSource source, ImageDestination destination) {
        this.options = options;
        this.source = source;
        this.destination = destination;
        FormatConstraints constraints = destination instanceof FormatConstraints c ? c : null;
        this.holds = constraints == null ? List.of(ManifestFormat.values()) : constraints.manifestFormats();
        LayerCompression base = constraints == null ? LayerCompression.PRESERVE : constraints.layerCompression();
        LayerCompressionOptions asked = options.compression();
        boolean choosable = constraints != null && constraints.layerCompressionChoosable();
        if (choosable && base == LayerCompression.PRESERVE && asked.compress()) {
            base = LayerCompression.COMPRESS;
        } else if (choosable && base == LayerCompression.COMPRESS && asked.acceptUncompressed()) {
            base = LayerCompression.PRESERVE;
        }
        this.compression = base;
        this.decompress = choosable && asked.decompress() && base == LayerCompression.PRESERVE;
    }

    /**
     * The format a manifest is written in when its layers are to become zstd: v2s2 has no zstd
     * layers, so, as containers/image does, an image not asked into a format goes to OCI when the
     * destination holds it.
     */
    private ManifestFormat zstdFit(ManifestFormat format, String mediaType, String what) {
        if (format != ManifestFormat.V2S2
                || options.format() != null
                || compression != LayerCompression.COMPRESS
                || options.compression().target() != Compression.ZSTD
                || options.preserveDigests()
                || !holds.contains(ManifestFormat.OCI)) {
            return format;
        }
        reasons.add("converted the " + what + " from " + ManifestFormat.of(mediaType) + " to " + ManifestFormat.OCI
                + ", as v2s2 has no zstd layers");
        return ManifestFormat.OCI;
    }

    /** Why the written digest differs from the source's, one phrase each; empty when it does not. */
    List<String> reasons() {
        return List.copyOf(reasons);
    }

    PlannedDocument plan(ManifestDocument top) throws IOException {
        PlannedDocument planned;
        if (top instanceof ImageIndex index) {
            planned = index(index);
            List<Platform> missing = options.platforms().stream()
                    .filter(p -> !matchedPlatforms.contains(p))
                    .toList();
            if (!missing.isEmpty()) {
                String names =
                        String.join(",", missing.stream().map(String::valueOf).toList());
                throw new SkiffException(
                        "no image for " + names + " in " + source.reference() + " (it has: " + index.platformList()
                                + ")",
                        Hint.PLATFORM_FILTER_UNMATCHED,
                        names,
                        Side.SOURCE,
                        null);
            }
        } else {
            if (!options.platforms().isEmpty()) {
                throw new SkiffException(
                        "platforms were chosen, but " + source.reference()
                                + " is a single image, not a multi-platform index",
                        Hint.PLATFORM_FILTER_ON_IMAGE);
            }
            planned = image(copyable(top));
        }
        if (options.preserveDigests() && planned.changes()) {
            throw new SkiffException(
                    "cannot copy " + source.reference() + " to " + destination.reference()
                            + " keeping its digests: the digest would change (" + String.join("; ", reasons)
                            + "); nothing was copied",
                    Hint.DIGEST_CHANGE_NEEDS_CONVERSION);
        }
        return planned;
    }

    private PlannedDocument.Index index(ImageIndex index) throws IOException {
        ManifestFormat format = format(index.mediaType(), "index");
        List<Descriptor> all = index.manifests();
        List<PlannedDocument.Entry> kept = new ArrayList<>();
        Set<Digest> keptDigests = new HashSet<>();
        List<Integer> attestations = new ArrayList<>();
        for (int i = 0; i < all.size(); i++) {
            Descriptor d = all.get(i);
            if (isAttestation(d)) {
                attestations.add(i);
                continue;
            }
            boolean nested = MediaType.isIndex(d.mediaType());
            if (!nested && !selected(d)) {
                continue;
            }
            PlannedDocument child = null;
            if (!options.indexOnly()) {
                child = planChild(Sides.source(() -> source.manifest(d)));
                if (child instanceof PlannedDocument.Index n && n.entries().isEmpty()) {
                    continue;
                }
            }
            kept.add(new PlannedDocument.Entry(i, d, child));
            keptDigests.add(d.digest());
        }
        for (int i : attestations) {
            Descriptor d = all.get(i);
            String subject = d.annotations().get(ManifestBuilder.REFERENCE_DIGEST);
            if (options.platforms().isEmpty()
                    || (subject != null && Digest.isValid(subject) && keptDigests.contains(Digest.parse(subject)))) {
                kept.add(new PlannedDocument.Entry(
                        i, d, options.indexOnly() ? null : planChild(Sides.source(() -> source.manifest(d)))));
            }
        }
        kept.sort(java.util.Comparator.comparingInt(PlannedDocument.Entry::position));
        if (kept.size() < all.size()) {
            reasons.add("kept " + kept.size() + " of the " + all.size()
                    + " manifests the index lists (the platforms chosen)");
        }
        return new PlannedDocument.Index(index, format, kept);
    }

    private PlannedDocument planChild(ManifestDocument child) throws IOException {
        return child instanceof ImageIndex nested ? index(nested) : image(copyable(child));
    }

    private ImageManifest copyable(ManifestDocument doc) {
        if (doc instanceof dev.skiff.model.Schema1Manifest legacy) {
            throw legacy.notCopyable("manifest " + legacy.digest() + " of " + source.reference());
        }
        return (ImageManifest) doc;
    }

    /** Attestation manifests (BuildKit's provenance, SBOMs) describe another entry: {@code unknown/unknown}. */
    static boolean isAttestation(Descriptor d) {
        return "attestation-manifest".equals(d.annotations().get(REFERENCE_TYPE));
    }

    private boolean selected(Descriptor d) {
        if (options.platforms().isEmpty()) {
            return true;
        }
        boolean any = false;
        for (Platform p : options.platforms()) {
            if (p.selects(d.platform())) {
                matchedPlatforms.add(p);
                any = true;
            }
        }
        return any;
    }

    /** The format to write a manifest of {@code mediaType} in: asked for, else kept, else the destination's first. */
    private ManifestFormat format(String mediaType, String what) {
        ManifestFormat current = ManifestFormat.of(mediaType);
        if (options.format() != null) {
            if (!holds.contains(options.format())) {
                throw new SkiffException(
                        "cannot write " + options.format() + " manifests: " + destination.reference() + " holds only "
                                + names(holds) + " manifests",
                        Hint.FORMAT_UNSUPPORTED,
                        holds.get(0).toString(),
                        Side.DESTINATION,
                        null);
            }
            if (options.format() != current) {
                reasons.add("converted the " + what + " from " + current + " to " + options.format() + ", as asked");
            }
            return options.format();
        }
        if (holds.contains(current)) {
            return current;
        }
        ManifestFormat target = holds.get(0);
        reasons.add("converted the " + what + " from " + current + " to " + target + ", the only format "
                + destination.reference() + " holds");
        return target;
    }

    private static String names(List<ManifestFormat> formats) {
        return String.join(" or ", formats.stream().map(String::valueOf).toList());
    }

    private PlannedDocument.Image image(ImageManifest manifest) throws IOException {
        ManifestFormat from = ManifestFormat.of(manifest.mediaType());
        LayerCrypto crypto = options.crypto();
        int layerCount = manifest.layers().size();
        if (crypto.encrypts() && !crypto.missingLayers(layerCount).isEmpty()) {
            throw new SkiffException("cannot encrypt layers " + crypto.missingLayers(layerCount) + " of "
                    + source.reference() + ": manifest " + manifest.digest() + " has " + layerCount + " layers");
        }
        boolean encrypting = false;
        for (int i = 0; i < layerCount; i++) {
            String type = manifest.layers().get(i).mediaType();
            encrypting |= crypto.encryptsLayer(i, layerCount) && LayerType.isLayer(type) && !LayerType.isForeign(type);
        }
        ManifestFormat format = encrypting
                ? encryptedFormat(from)
                : zstdFit(format(manifest.mediaType(), "manifest"), manifest.mediaType(), "manifest");
        boolean converting = format != from;
        Descriptor config = manifest.config();
        BlobStep configStep;
        if (converting && !from.configType().equals(config.mediaType())) {
            throw new SkiffException("cannot convert " + manifest.digest() + " from " + source.reference() + " to "
                    + format + ": its config is " + config.mediaType()
                    + ", not an image config (an artifact keeps its format)");
        }
        if (converting && format == ManifestFormat.OCI) {
            byte[] converted = OciConfigJson.bytes(readConfig(config));
            configStep = new BlobStep(config, BlobStep.Kind.WRITE, MediaType.OCI_CONFIG, converted);
        } else {
            configStep = BlobStep.copy(config, converting ? format.configType() : config.mediaType());
        }
        List<BlobStep> layers = new ArrayList<>();
        int compressed = 0;
        int recompressed = 0;
        int decompressed = 0;
        for (int i = 0; i < manifest.layers().size(); i++) {
            Descriptor layer = manifest.layers().get(i);
            String type = layer.mediaType();
            if (OciCrypt.isEncrypted(type)) {
                layers.add(encryptedLayer(manifest, i, layer, format, converting));
                continue;
            }
            if (!LayerType.isLayer(type)) {
                if (converting) {
                    throw new SkiffException(
                            "cannot convert " + manifest.digest() + " from " + source.reference() + " to " + format
                                    + ": layer " + i + " has media type " + type + ", which is not an image layer");
                }
                layers.add(BlobStep.copy(layer, type));
                continue;
            }
            Compression has = LayerType.compression(type);
            Compression wants = has;
            BlobStep.Kind kind = BlobStep.Kind.COPY;
            boolean byReference = LayerType.isForeign(type) && !layer.urls().isEmpty();
            boolean encrypt = !byReference && !LayerType.isForeign(type) && crypto.encryptsLayer(i, layerCount);
            LayerCodec codec = null;
            Compression target = options.compression().target();
            Integer level = options.compression().level();
            if (!byReference && !encrypt && !options.preserveDigests()) {
                if (compression == LayerCompression.COMPRESS && has == Compression.NONE) {
                    kind = BlobStep.Kind.COMPRESS;
                    wants = target;
                    codec = new LayerCodec(has, target, level);
                    compressed++;
                } else if (compression == LayerCompression.COMPRESS
                        && options.compression().format() != null
                        && has != target) {
                    kind = BlobStep.Kind.RECOMPRESS;
                    wants = target;
                    codec = new LayerCodec(has, target, level);
                    recompressed++;
                } else if (decompress && has != Compression.NONE) {
                    kind = BlobStep.Kind.DECOMPRESS;
                    wants = Compression.NONE;
                    codec = new LayerCodec(has, Compression.NONE, null);
                    decompressed++;
                }
            }
            String newType = converting || kind != BlobStep.Kind.COPY ? LayerType.convert(type, format, wants) : type;
            if (newType == null) {
                throw new SkiffException(
                        "cannot write layer " + layer.digest() + " (" + type + ") of " + source.reference()
                                + " as " + format + ": that format has no "
                                + wants.name().toLowerCase(java.util.Locale.ROOT)
                                + " layers",
                        Hint.FORMAT_UNSUPPORTED,
                        ManifestFormat.OCI.toString(),
                        Side.DESTINATION,
                        null);
            }
            if (encrypt) {
                encrypted++;
                layers.add(BlobStep.crypt(
                        layer,
                        OciCrypt.encryptedType(newType),
                        ciphers.computeIfAbsent(layer.digest(), d -> crypto.encryptor(layer))));
                continue;
            }
            layers.add(
                    byReference
                            ? BlobStep.reference(layer, newType)
                            : codec != null
                                    ? BlobStep.rewrite(layer, kind, newType, codec)
                                    : new BlobStep(layer, kind, newType, null));
        }
        if (encrypted > 0) {
            reasons.add("encrypted " + encrypted + " layer" + (encrypted == 1 ? "" : "s") + " (ocicrypt)");
            encrypted = 0;
        }
        if (decrypted > 0) {
            reasons.add("decrypted " + decrypted + " encrypted layer" + (decrypted == 1 ? "" : "s"));
            decrypted = 0;
        }
        String targetName = options.compression().target().name().toLowerCase(java.util.Locale.ROOT);
        if (compressed > 0) {
            reasons.add(
                    options.compression().format() == null
                                    && !options.compression().compress()
                            ? "gzip-compressed uncompressed layers, as " + destination.reference() + " stores them"
                            : targetName + "-compressed uncompressed layers, as asked");
        }
        if (recompressed > 0) {
            reasons.add("re-compressed layers with " + targetName + ", as asked");
        }
        if (decompressed > 0) {
            reasons.add("decompressed layers, as asked");
        }
        return new PlannedDocument.Image(manifest, format, configStep, layers);
    }

    /** The format of a manifest whose layers get encrypted: OCI, the only one with encrypted layer types. */
    private ManifestFormat encryptedFormat(ManifestFormat from) {
        if (options.format() != null && options.format() != ManifestFormat.OCI) {
            throw new SkiffException(
                    "cannot write encrypted layers in " + options.format()
                            + " manifests: only OCI has encrypted layers",
                    Hint.FORMAT_UNSUPPORTED,
                    ManifestFormat.OCI.toString(),
                    Side.DESTINATION,
                    null);
        }
        if (!holds.contains(ManifestFormat.OCI)) {
            throw new SkiffException(
                    "cannot write encrypted layers to " + destination.reference() + ": it holds only " + names(holds)
                            + " manifests, and only OCI has encrypted layers",
                    Hint.FORMAT_UNSUPPORTED,
                    null,
                    Side.DESTINATION,
                    null);
        }
        if (from != ManifestFormat.OCI) {
            reasons.add(
                    "converted the manifest from " + from + " to " + ManifestFormat.OCI + ", as encrypted layers need");
        }
        return ManifestFormat.OCI;
    }

    /**
     * A layer ocicrypt encrypted: decrypted when keys were given (its key unwrapped now, so a wrong
     * key fails before anything is written), else copied as it is — unless the manifest is
     * converted, which would need its plaintext.
     */
    private BlobStep encryptedLayer(
            ImageManifest manifest, int i, Descriptor layer, ManifestFormat format, boolean converting) {
        LayerCrypto crypto = options.crypto();
        String type = layer.mediaType();
        if (crypto.decrypts()) {
            String plain = OciCrypt.plainType(type);
            String newType = plain;
            if (converting && LayerType.isLayer(plain)) {
                String converted = LayerType.convert(plain, format, LayerType.compression(plain));
                newType = converted == null ? plain : converted;
            }
            decrypted++;
            return BlobStep.crypt(
                    layer,
                    newType,
                    ciphers.computeIfAbsent(
                            layer.digest(), d -> crypto.decryptor(layer, String.valueOf(source.reference()))));
        }
        if (converting) {
            throw new SkiffException(
                    "cannot convert " + manifest.digest() + " from " + source.reference() + " to " + format + ": layer "
                            + i + " (" + layer.digest() + ") is encrypted (for " + OciCrypt.schemes(layer.annotations())
                            + "), and converting it needs its plaintext",
                    Hint.DECRYPTION_KEY_NEEDED,
                    null,
                    Side.SOURCE,
                    null);
        }
        return BlobStep.copy(layer, type);
    }

    private byte[] readConfig(Descriptor config) throws IOException {
        try (InputStream in =
                Sides.source(new VerifyingInputStream(Sides.source(() -> source.openBlob(config)), config))) {
            return BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "image config " + config.digest());
        }
    }
}
