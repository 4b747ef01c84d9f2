package dev.skiff.transport.registry;

import dev.skiff.model.Descriptor;
import dev.skiff.model.InvalidManifestException;
import dev.skiff.model.ManifestDocument;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.registry.RawManifest;
import dev.skiff.registry.RegistryClient;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.TagLister;
import java.io.InputStream;
import java.util.List;

/** Reads an image from a registry; manifests fetched by digest are checked against it. */
public final class RegistrySource
        implements ImageSource, TagLister, dev.skiff.transport.SignatureSource, dev.skiff.transport.ReferrerSource {
    private final DockerReference reference;
    private final RegistryClient client;
    private final boolean ownsClient;

    /** A source on a client that others share (a sync's): closing the source leaves the client open. */
    public RegistrySource(DockerReference reference, RegistryClient client) {
        this(reference, client, false);
    }

    RegistrySource(DockerReference reference, RegistryClient client, boolean ownsClient) {
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

    /** The manifest the reference names, by digest when it has one (checked), else by tag. */
    @Override
    public ManifestDocument manifest() {
        ImageName name = reference.name();
        return fetch(name.reference(), name.digest());
    }

    @Override
    public ManifestDocument manifest(Descriptor child) {
        return fetch(child.digest().toString(), child.digest());
    }

    private ManifestDocument fetch(String ref, Digest expected) {
        ImageName name = reference.name();
        RawManifest m = client.getManifest(name.repository(), ref);
        if (expected != null) {
            Digest actual = expected.withHash(expected.newHasher().digest(m.raw()));
            if (!actual.equals(expected)) {
                throw new InvalidManifestException("manifest " + name.repository() + "@" + expected + " from "
                        + name.registry() + " does not match its digest: got " + actual);
            }
        }
        return ManifestDocument.parse(m.raw(), m.contentType());
    }

    /** The blob's bytes as the registry sends them (following redirects); the caller verifies. */
    @Override
    public InputStream openBlob(Descriptor blob) {
        return client.getBlob(reference.name().repository(), blob.digest());
    }

    @Override
    public List<String> listTags() {
        return client.listTags(reference.name().repository());
    }

    @Override
    public String listedRepository() {
        return reference.name().repositoryName();
    }

    @Override
    public void close() {
        if (ownsClient) {
            client.close();
        }
    }

    @Override
    public String toString() {
        return "RegistrySource[" + reference + "]";
    }

    /** The image's signatures in its lookaside (registries.d); sigstore attachments are read where configured. */
    @Override
    public java.util.List<dev.skiff.trust.Signature> signatures(
            dev.skiff.name.Digest manifest, dev.skiff.transport.SignatureOptions options) throws java.io.IOException {
        return RegistrySignatures.read(client, reference.name(), manifest, options);
    }

    /** The referrers API's list, else the fallback tag {@code sha256-HEX}'s. */
    @Override
    public List<Descriptor> referrers(Digest subject, List<String> artifactTypes) {
        return new RegistryReferrers(client, reference.name().repository()).list(subject, artifactTypes);
    }

    @Override
    public java.util.Optional<ManifestDocument> taggedManifest(String tag) {
        return new RegistryReferrers(client, reference.name().repository()).tagged(tag);
    }
}
