package dev.skiff.transport.containersstorage;

import dev.skiff.Hint;
import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.ManifestFormat;
import dev.skiff.transport.FormatConstraints;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.LayerCompression;
import dev.skiff.transport.layout.LayoutDestination;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/**
 * Writes one image into Podman's store: an OCI archive streamed into {@code images/load}
 * ({@link LoadStream}) whose ref name is the reference's name, so Podman names the image so. The
 * manifest and config go in unchanged, so Podman's image ID is the config digest and its digest
 * the manifest's. As skopeo's storage destination it takes OCI and Docker v2s2 manifests and
 * layers as they come ({@link LayerCompression#PRESERVE}), and single images only: an index
 * ({@code --all}) fails before Podman is sent a complete archive.
 */
final class StorageDestination implements ImageDestination, FormatConstraints {
    private final ImageReference ref;
    private final String what;
    private final PodmanService service;
    private final boolean ownsService;
    private final LoadStream load;
    private final LayoutDestination layout;

    StorageDestination(ImageReference ref, String refName, PodmanService service, boolean ownsService) {
        this.ref = ref;
        this.what = ref + " (" + service.api().where() + ")";
        this.service = service;
        this.ownsService = ownsService;
        this.load = new LoadStream(service.api(), what);
        this.layout = new LayoutDestination(ref, refName, load);
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    @Override
    public List<ManifestFormat> manifestFormats() {
        return List.of(ManifestFormat.OCI, ManifestFormat.V2S2);
    }

    @Override
    public LayerCompression layerCompression() {
        return LayerCompression.PRESERVE;
    }

    @Override
    public boolean hasBlob(Descriptor blob) throws IOException {
        return layout.hasBlob(blob);
    }

    @Override
    public void putBlob(Descriptor blob, InputStream content) throws IOException {
        layout.putBlob(blob, content);
    }

    @Override
    public SkiffException indexRefusal() {
        return new SkiffException(
                what + " holds single images, not an index (skopeo refuses every platform at once here too)",
                Hint.SINGLE_IMAGE_ONLY);
    }

    @Override
    public void putChildManifest(ManifestDocument manifest) {
        throw indexRefusal();
    }

    @Override
    public void putManifest(ManifestDocument manifest) throws IOException {
        layout.putManifest(manifest);
    }

    /** Ends the upload; Podman loads the image and answers with its names. */
    @Override
    public void commit() throws IOException {
        layout.commit();
    }

    @Override
    public void close() throws IOException {
        try {
            layout.close();
        } finally {
            if (ownsService) {
                service.close();
            }
        }
    }
}
