package dev.skiff.transport.registry;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.MediaType;
import dev.skiff.model.Referrers;
import dev.skiff.name.Digest;
import dev.skiff.registry.RawManifest;
import dev.skiff.registry.RegistryClient;
import java.util.List;
import java.util.Optional;

/**
 * Referrers in a registry (OCI distribution 1.1 "Listing Referrers"): the referrers API where the
 * registry has it, else the fallback tag {@code sha256-HEX} (an OCI index the writers keep, as
 * docker-registry 2.8 and other registries without the API need); cosign's tags beside the image.
 */
final class RegistryReferrers {
    private final RegistryClient client;
    private final String repository;

    RegistryReferrers(RegistryClient client, String repository) {
        this.client = client;
        this.repository = repository;
    }

    /** The API's list (filtered by the registry when one type is asked for), else the fallback tag's. */
    List<Descriptor> list(Digest subject, List<String> artifactTypes) {
        String type = artifactTypes.size() == 1 ? artifactTypes.get(0) : null;
        Optional<byte[]> api = client.referrers(repository, subject, type);
        if (api.isPresent()) {
            return Referrers.listed(api.get(), "referrers of " + repository + "@" + subject);
        }
        return fallback(subject).map(ImageIndex::manifests).orElse(List.of());
    }

    /** True when the registry answers the referrers API (anything but 404). */
    boolean hasApi(Digest subject) {
        return client.referrers(repository, subject, null).isPresent();
    }

    /** The fallback tag index of {@code subject}, empty when the registry has none. */
    Optional<ImageIndex> fallback(Digest subject) {
        return tagged(Referrers.fallbackTag(subject))
                .map(d -> d instanceof ImageIndex i
                        ? i
                        : new ImageIndex(d.raw(), MediaType.OCI_INDEX, List.of(), null)); // not an index: no referrers
    }

    /** The manifest under {@code tag}, empty when the registry has no such tag. */
    Optional<ManifestDocument> tagged(String tag) {
        if (client.headManifest(repository, tag).isEmpty()) {
            return Optional.empty();
        }
        RawManifest raw = client.getManifest(repository, tag);
        return Optional.of(ManifestDocument.parse(raw.raw(), raw.contentType()));
    }

    /**
     * Lists {@code added} as referrers of {@code subject}: nothing to do where the registry has the API
     * (it indexes a manifest's subject when it is PUT); else merged into the fallback tag index, which
     * is written only when something is new.
     */
    void put(Digest subject, List<Descriptor> added) {
        if (added.isEmpty() || hasApi(subject)) {
            return;
        }
        List<Descriptor> existing = fallback(subject).map(ImageIndex::manifests).orElse(null);
        byte[] merged = Referrers.merge(existing, added);
        if (merged != null) {
            client.putManifest(repository, Referrers.fallbackTag(subject), merged, MediaType.OCI_INDEX);
        }
    }

    void putTagged(String tag, ManifestDocument manifest) {
        client.putManifest(repository, tag, manifest.raw(), manifest.mediaType());
    }
}
