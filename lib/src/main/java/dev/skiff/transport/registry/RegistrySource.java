package dev.skiff.transport.registry;

import dev.skiff.SkiffException;
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
import java.util.ArrayList;
import java.util.List;

/**
 * Reads an image from a registry; manifests fetched by digest are checked against it. Where
 * registries.conf gives the image mirrors (or another location), the first place whose manifest
 * answers serves the whole image, as with skopeo: the mirrors in order, then the location. Before
 * a manifest was read, tags and the like come from the location.
 */
public final class RegistrySource
        implements ImageSource, TagLister, dev.skiff.transport.SignatureSource, dev.skiff.transport.ReferrerSource {
    /** One place the image may be read from: its name there, and the client that reaches it. */
    record Place(ImageName name, RegistryClient client, boolean ownsClient, boolean mirror, SkiffException refused) {}

    private final DockerReference reference;
    private final List<Place> places;
    private volatile Place chosen;

    /** Closing the source closes the clients it owns, and leaves those of a session open. */
    RegistrySource(DockerReference reference, List<Place> places) {
        this.reference = reference;
        this.places = List.copyOf(places);
        this.chosen = places.size() == 1 && places.get(0).refused() == null ? places.get(0) : null;
    }

    @Override
    public ImageReference reference() {
        return reference;
    }

    public RegistryClient client() {
        return place().client();
    }

    /** The place chosen by the first manifest read, else the location (the last place). */
    private Place place() {
        Place p = chosen;
        if (p != null) {
            return p;
        }
        Place location = places.get(places.size() - 1);
        if (location.refused() != null) {
            throw location.refused();
        }
        return location;
    }

    /** The manifest the reference names, by digest when it has one (checked), else by tag. */
    @Override
    public ManifestDocument manifest() {
        if (chosen != null) {
            return fetch(chosen, chosen.name().reference(), reference.name().digest());
        }
        List<String> failed = new ArrayList<>();
        RuntimeException last = null;
        for (Place p : places) {
            try {
                if (p.refused() != null) {
                    throw p.refused();
                }
                ManifestDocument m =
                        fetch(p, p.name().reference(), reference.name().digest());
                chosen = p;
                return m;
            } catch (RuntimeException e) {
                last = e;
                if (p.mirror()) {
                    failed.add(p.name() + ": " + e.getMessage());
                }
            }
        }
        if (failed.isEmpty() || !(last instanceof SkiffException s)) {
            throw last;
        }
        throw new SkiffException(
                s.getMessage() + " (mirrors also failed: " + String.join("; ", failed) + ")",
                s.hint(),
                s.subject(),
                s.side(),
                s);
    }

    @Override
    public ManifestDocument manifest(Descriptor child) {
        return fetch(place(), child.digest().toString(), child.digest());
    }

    private static ManifestDocument fetch(Place place, String ref, Digest expected) {
        ImageName name = place.name();
        RawManifest m = place.client().getManifest(name.repository(), ref);
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
        Place p = place();
        return p.client().getBlob(p.name().repository(), blob.digest());
    }

    @Override
    public List<String> listTags() {
        Place p = place();
        return p.client().listTags(p.name().repository());
    }

    @Override
    public String listedRepository() {
        return reference.name().repositoryName();
    }

    @Override
    public void close() {
        for (Place p : places) {
            if (p.ownsClient()) {
                p.client().close();
            }
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
        Place p = place();
        return RegistrySignatures.read(p.client(), p.name(), manifest, options);
    }

    /** The referrers API's list, else the fallback tag {@code sha256-HEX}'s. */
    @Override
    public List<Descriptor> referrers(Digest subject, List<String> artifactTypes) {
        Place p = place();
        return new RegistryReferrers(p.client(), p.name().repository()).list(subject, artifactTypes);
    }

    @Override
    public java.util.Optional<ManifestDocument> taggedManifest(String tag) {
        Place p = place();
        return new RegistryReferrers(p.client(), p.name().repository()).tagged(tag);
    }
}
