package dev.skiff.transport.containersstorage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.transport.ConfigIdentity;
import dev.skiff.transport.Deletion;
import dev.skiff.transport.ImageDeleter;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ManifestLookup;
import dev.skiff.transport.NoTagList;
import dev.skiff.transport.SignatureOptions;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.ociarchive.OciArchiveReference;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;
import java.util.Optional;

/**
 * An image in Podman's store ({@code containers-storage:[store]NAME[:TAG][@DIGEST][@ID]}): a name
 * (normalised as skopeo does, {@code latest} when neither tag nor digest is given), an image ID
 * (64 hex digits, the config digest), or both. Reached through Podman's service
 * ({@link PodmanService}); a sync's references share one service per store through the session.
 *
 * <p>Read out of the store, an image's manifest is the one Podman exports (layers as stored,
 * uncompressed), not the one it was stored with, so a copy keeps the config (the image ID) but not
 * the manifest digest: a sync compares configs for it ({@link ConfigIdentity}).
 */
public record ContainersStorageReference(StoreSpec store, ImageName name, String imageId)
        implements ImageReference, ManifestLookup, ConfigIdentity, ImageDeleter, NoTagList {
    public ContainersStorageReference {
        if (store == null) {
            store = StoreSpec.DEFAULT;
        }
        if (name == null && imageId == null) {
            throw new IllegalArgumentException("a containers-storage reference needs a name or an image ID");
        }
    }

    @Override
    public Transport transport() {
        return ContainersStorageTransport.INSTANCE;
    }

    @Override
    public String withinTransport() {
        return store + (name == null ? "" : name.toString()) + (imageId == null ? "" : "@" + imageId);
    }

    @Override
    public ImageName dockerReference() {
        return name;
    }

    /** What Podman looks the image up by: the ID when given, else the name (by digest when it has one). */
    String lookupName() {
        if (imageId != null) {
            return imageId;
        }
        return name.digest() != null ? name.repositoryName() + "@" + name.digest() : name.toString();
    }

    @Override
    public ImageSource openSource(TransportOptions options) throws IOException {
        ServiceLease lease = lease(options);
        Path spool = null;
        try {
            Digest stored = lease.service()
                    .api()
                    .inspect(lookupName())
                    .filter(image -> image.hasNonNull("Digest"))
                    .map(image -> Digest.parse(image.get("Digest").asText()))
                    .orElse(null);
            spool = Files.createTempFile("skiff-containers-storage-", ".tar");
            try (InputStream in = lease.service().api().export(lookupName(), toString())) {
                Files.copy(in, spool, StandardCopyOption.REPLACE_EXISTING);
            }
            ImageSource archive = new OciArchiveReference(spool.toString(), null).openSource(options);
            Path kept = spool;
            return new StorageSource(this, archive, stored, () -> {
                try {
                    Files.deleteIfExists(kept);
                } finally {
                    lease.close();
                }
            });
        } catch (IOException | RuntimeException e) {
            if (spool != null) {
                Files.deleteIfExists(spool);
            }
            lease.close();
            throw e;
        }
    }

    @Override
    public ImageDestination openDestination(TransportOptions options) throws IOException {
        if (name == null || imageId != null || name.digest() != null) {
            throw new SkiffException("cannot write to " + this + ": Podman's store takes an image under NAME[:TAG]"
                    + " (e.g. " + ContainersStorageTransport.NAME + ":" + store
                    + (name == null ? "localhost/app:v1" : name.withoutDigest().toString()) + ")");
        }
        ServiceLease lease = lease(options);
        return new StorageDestination(this, name.toString(), lease.service(), lease.owned());
    }

    /** Podman's digest of the image (the manifest it was stored with); empty when the store has no such image. */
    @Override
    public Optional<Descriptor> head(TransportOptions options) throws IOException {
        try (ServiceLease lease = lease(options)) {
            Optional<JsonNode> found = lease.service().api().inspect(lookupName());
            if (found.isEmpty() || !found.get().hasNonNull("Digest")) {
                return Optional.empty();
            }
            return Optional.of(
                    Descriptor.of(null, Digest.parse(found.get().get("Digest").asText()), 0));
        }
    }

    /**
     * Removes this name from the store, as {@code podman rmi NAME}: the image goes with its last
     * name (an image with other names keeps them; by ID, every name goes).
     */
    @Override
    public Deletion delete(TransportOptions options, SignatureOptions signatures) throws IOException {
        try (ServiceLease lease = lease(options)) {
            LibpodApi api = lease.service().api();
            JsonNode image = api.inspect(lookupName()).orElseThrow(() -> api.notFound(toString(), ""));
            api.delete(lookupName(), toString());
            Digest digest = image.hasNonNull("Digest")
                    ? Digest.parse(image.get("Digest").asText())
                    : Digest.parse(
                            image.get("Id").asText().contains(":")
                                    ? image.get("Id").asText()
                                    : "sha256:" + image.get("Id").asText());
            return new Deletion(digest, List.of());
        }
    }

    private ServiceLease lease(TransportOptions options) throws IOException {
        return ServiceLease.of(store, options);
    }

    @Override
    public String toString() {
        return ContainersStorageTransport.NAME + ":" + withinTransport();
    }
}
