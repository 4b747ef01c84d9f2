package dev.skiff.copy;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.ManifestFormat;
import java.util.List;

/**
 * A manifest as the copy will write it, decided before anything is written: the source document,
 * the format to write it in, and what happens to each blob or child. {@link #changes()} says
 * whether the written document's digest will differ from the source's.
 */
sealed interface PlannedDocument {
    ManifestDocument source();

    ManifestFormat format();

    boolean changes();

    /** An image manifest: its config and layers, each a {@link BlobStep}. */
    record Image(ImageManifest source, ManifestFormat format, BlobStep config, List<BlobStep> layers)
            implements PlannedDocument {
        @Override
        public boolean changes() {
            return format != ManifestFormat.of(source.mediaType())
                    || config.changesDescriptor()
                    || layers.stream().anyMatch(BlobStep::changesDescriptor);
        }
    }

    /**
     * An index: the entries kept (all of them unless {@code --platform} chose some), each with
     * its planned child, or a null child when only the index is copied ({@code --multi-arch index-only}).
     */
    record Index(ImageIndex source, ManifestFormat format, List<Entry> entries) implements PlannedDocument {
        @Override
        public boolean changes() {
            return format != ManifestFormat.of(source.mediaType())
                    || entries.size() != source.manifests().size()
                    || entries.stream()
                            .anyMatch(e -> e.child() != null && e.child().changes());
        }
    }

    /** One entry of an index: its position in the source index, its descriptor, its planned child. */
    record Entry(int position, Descriptor descriptor, PlannedDocument child) {}
}
