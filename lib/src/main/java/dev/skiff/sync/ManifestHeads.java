package dev.skiff.sync;

import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.TransportOptions;
import dev.skiff.transport.dir.DirReference;
import dev.skiff.transport.layout.LayoutIndex;
import dev.skiff.transport.layout.OciLayout;
import dev.skiff.transport.layout.OciLayoutReference;
import dev.skiff.transport.registry.DockerReference;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The descriptor of the manifest a reference names, found the cheapest way: HEAD in a registry
 * (which does not count as a pull), index.json in a layout, manifest.json's hash in a dir: image.
 * Empty when there is no such image.
 */
final class ManifestHeads {
    private final RegistryClients clients;

    ManifestHeads(RegistryClients clients) {
        this.clients = clients;
    }

    Optional<Descriptor> head(ImageReference ref, TransportOptions options) throws IOException {
        if (ref instanceof DockerReference docker) {
            ImageName name = docker.name();
            return clients.client(name.registry(), options).headManifest(name.repository(), name.reference());
        }
        if (ref instanceof OciLayoutReference layout) {
            if (!Files.isRegularFile(layout.directory().resolve("index.json"))) {
                return Optional.empty();
            }
            byte[] index = OciLayout.open(layout).readIndex();
            return LayoutIndex.parse(index, "index.json in " + layout.path()).manifests().stream()
                    .filter(d -> layout.refName().equals(d.annotations().get(LayoutIndex.REF_NAME)))
                    .findFirst();
        }
        if (ref instanceof DirReference dir) {
            Path manifest = dir.directory().resolve("manifest.json");
            if (!Files.isRegularFile(manifest)) {
                return Optional.empty();
            }
            byte[] raw = Files.readAllBytes(manifest);
            return Optional.of(Descriptor.of(null, Digest.sha256(raw), raw.length));
        }
        throw new IllegalArgumentException("sync cannot compare images in " + ref.transport().name() + ": transports");
    }
}
