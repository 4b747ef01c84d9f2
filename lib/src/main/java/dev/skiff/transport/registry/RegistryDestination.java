package dev.skiff.transport.registry;

import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.ManifestFormat;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.registry.RegistryClient;
import dev.skiff.transport.BlobMounter;
import dev.skiff.transport.DigestingBlobWriter;
import dev.skiff.transport.FormatConstraints;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.LayerCompression;
import java.io.IOException;
import java.io.InputStream;

/**
 * Writes an image to a registry: blobs by monolithic upload (the registry checks the digest on the
 * final PUT, and a failing verifying stream aborts the upload), manifests by PUT with their own
 * media type. Can mount blobs from another repository of the same registry.
 */
public final class RegistryDestination
        implements ImageDestination,
                BlobMounter,
                FormatConstraints,
                DigestingBlobWriter,
                dev.skiff.transport.SignatureDestination,
                dev.skiff.transport.ReferrerDestination {
    private final DockerReference reference;
    private final RegistryClient client;
    private final boolean ownsClient;

    /** A destination on a client that others share (a sync's): closing the destination leaves the client open. */
    public RegistryDestination(DockerReference reference, RegistryClient client) {
        this(reference, client, false);
    }

    RegistryDestination(DockerReference reference, RegistryClient client, boolean ownsClient) {
        this.reference = reference;
        this.client = client;
        this.ownsClient = ownsClient;
    }

    @Override
    public ImageReference reference() {
        return reference;
    }

    public RegistryClient client() {
        return client;
    }

    private String repository() {
        return reference.name().repository();
    }

    @Override
    public boolean hasBlob(Descriptor blob) {
        return client.blobExists(repository(), blob.digest());
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content) throws IOException {
        client.uploadBlob(repository(), blob.digest(), blob.size(), content);
    }

    /** A rewritten layer, uploaded as it is produced (chunked PATCH, digest on the final PUT). */
    @Override
    public Descriptor putBlob(String mediaType, InputStream content) throws IOException {
        return client.uploadBlobStreaming(repository(), mediaType, content);
    }

    /**
     * Mounts {@code blob} from {@code from} when it is a {@link DockerReference} on this registry;
     * false (copy the bytes instead) for any other source or when the registry declines.
     */
    @Override
    public boolean mount(Descriptor blob, ImageReference from) {
        if (!(from instanceof DockerReference other)
                || !other.name().registry().equals(reference.name().registry())) {
            return false;
        }
        if (other.name().repository().equals(repository())) {
            return client.blobExists(repository(), blob.digest());
        }
        return client.mountBlob(repository(), blob.digest(), other.name().repository());
    }

    /** Both formats; an image keeps the one it has unless --format asks for another. */
    @Override
    public java.util.List<ManifestFormat> manifestFormats() {
        return java.util.List.of(ManifestFormat.OCI, ManifestFormat.V2S2);
    }

    /** As skopeo's registry destination: uncompressed layers are pushed gzip-compressed. */
    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.COMPRESS;
    }

    @Override
    public void putChildManifest(ManifestDocument manifest) {
        client.putManifest(repository(), manifest.digest().toString(), manifest.raw(), manifest.mediaType());
    }

    /**
     * PUTs the manifest under the reference's tag, or under its digest when it has only a digest. A
     * reference whose digest differs from the manifest's is refused before anything is written.
     */
    @Override
    public void putManifest(ManifestDocument manifest) {
        ImageName name = reference.name();
        Digest actual = manifest.digest();
        if (name.digest() != null) {
            Digest expected = name.digest();
            Digest hashed = expected.withHash(expected.newHasher().digest(manifest.raw()));
            if (!hashed.equals(expected)) {
                throw new SkiffException("cannot write the manifest to " + reference + ": the reference names digest "
                        + expected + " but the manifest's digest is "
                        + (expected.algorithm().equals("sha256") ? actual : hashed)
                        + " (drop the @digest from the destination, or copy the image it names)");
            }
        }
        String ref = name.tag() != null ? name.tag() : name.digest().toString();
        client.putManifest(repository(), ref, manifest.raw(), manifest.mediaType());
    }

    @Override
    public void commit() {
        // every PUT is already final in a registry
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "RegistryDestination[" + reference + "]";
    }

    /** Simple signing signatures go to the lookaside registries.d names (a file: URL); sigstore ones to attachments. */
    @Override
    public void checkSignatures(java.util.Set<String> formats, dev.skiff.transport.SignatureOptions options) {
        RegistrySignatures.check(reference.name(), formats, options, reference.toString());
    }

    @Override
    public void putSignatures(
            dev.skiff.name.Digest manifest,
            java.util.List<dev.skiff.trust.Signature> signatures,
            dev.skiff.transport.SignatureOptions options)
            throws IOException {
        RegistrySignatures.write(client, reference.name(), manifest, signatures, options);
    }

    /** Nothing more where the registry has the referrers API; else merged into the fallback tag index. */
    @Override
    public void putReferrers(Digest subject, java.util.List<Descriptor> referrers) {
        new RegistryReferrers(client, repository()).put(subject, referrers);
    }

    @Override
    public void putTaggedManifest(String tag, ManifestDocument manifest) {
        new RegistryReferrers(client, repository()).putTagged(tag, manifest);
    }
}
