package dev.skiff.transport.registry;

import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.registry.RegistryClient;
import dev.skiff.transport.BlobScope;
import dev.skiff.transport.Deletion;
import dev.skiff.transport.ImageDeleter;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ManifestLookup;
import dev.skiff.transport.SignatureOptions;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import dev.skiff.trust.lookaside.Lookaside;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Optional;

/**
 * An image in a registry: {@code docker://registry/repository[:tag][@digest]}. Immutable and equal by
 * value, so {@code Transports.parse(ref.toString()).equals(ref)}.
 */
public record DockerReference(ImageName name) implements ImageReference, ImageDeleter, ManifestLookup, BlobScope {
    public DockerReference {
        Objects.requireNonNull(name, "name");
    }

    /** Parses {@code [registry/]repository[:tag][@digest]} (no {@code docker://} prefix). */
    public static DockerReference of(String imageName) {
        return new DockerReference(ImageName.parse(imageName));
    }

    @Override
    public Transport transport() {
        return DockerTransport.INSTANCE;
    }

    @Override
    public String withinTransport() {
        return "//" + name;
    }

    @Override
    public ImageName dockerReference() {
        return name;
    }

    /**
     * Reads through the session's client when the options carry one, else through its own (closed
     * with the source); from the mirrors and location registries.conf gives the image, if any.
     */
    @Override
    public ImageSource openSource(TransportOptions options) {
        List<RegistrySource.Place> places = new ArrayList<>();
        for (RegistryEndpoints.Attempt a : RegistryEndpoints.pulls(name, options)) {
            SessionClients.Lease lease = SessionClients.lease(a.name().registry(), a.options());
            places.add(new RegistrySource.Place(a.name(), lease.client(), lease.owned(), a.mirror(), a.refused()));
        }
        return new RegistrySource(this, places);
    }

    /** Writes through the session's client when the options carry one, else through its own (closed with the destination). */
    @Override
    public ImageDestination openDestination(TransportOptions options) {
        TransportOptions o = RegistryEndpoints.direct(name, options, dev.skiff.Side.DESTINATION);
        SessionClients.Lease lease = SessionClients.lease(name.registry(), o);
        return new RegistryDestination(this, lease.client(), lease.owned());
    }

    /** One HEAD (a GET only when the registry sends no digest); empty on 404. */
    @Override
    public Optional<Descriptor> head(TransportOptions options) {
        TransportOptions o = RegistryEndpoints.direct(name, options, dev.skiff.Side.UNKNOWN);
        SessionClients.Lease lease = SessionClients.lease(name.registry(), o);
        try {
            return lease.client().headManifest(name.repository(), name.reference());
        } finally {
            if (lease.owned()) {
                lease.client().close();
            }
        }
    }

    /** A repository's blobs are seen by every tag of it (and mountable from its other repositories). */
    @Override
    public String blobScope() {
        return "docker://" + name.repositoryName();
    }

    /**
     * Deletes the manifest: a tag is first resolved to its digest (HEAD with every manifest type
     * accepted), since registries delete manifests by digest. Other tags of the same digest go too.
     * Then, as skopeo does, the signatures of that digest in the lookaside that registries.d names
     * for writing; a lookaside Skiff cannot delete from is refused before the manifest is touched.
     */
    @Override
    public Deletion delete(TransportOptions options, SignatureOptions signatures) {
        java.net.URI lookaside = Lookaside.deletableBase(name, signatures, toString());
        TransportOptions o = RegistryEndpoints.direct(name, options, dev.skiff.Side.UNKNOWN);
        try (RegistryClient client = RegistryClient.forRegistry(name.registry(), o)) {
            Digest digest = name.digest();
            if (digest == null) {
                digest = client.headManifest(name.repository(), name.tag())
                        .orElseThrow(() -> new SkiffException(
                                "no image " + name.repository() + ":" + name.tag() + " in " + name.registry()))
                        .digest();
            }
            client.deleteManifest(name.repository(), digest);
            try {
                return new Deletion(digest, List.of(), Lookaside.delete(lookaside, name, digest, signatures));
            } catch (java.io.IOException e) {
                throw new SkiffException(
                        "deleted " + this + " (" + digest + "), but not its signatures: " + e.getMessage());
            }
        }
    }

    @Override
    public String toString() {
        return DockerTransport.NAME + ":" + withinTransport();
    }
}
