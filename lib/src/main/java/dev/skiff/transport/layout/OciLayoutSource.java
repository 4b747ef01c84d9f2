package dev.skiff.transport.layout;

import dev.skiff.SkiffException;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ManifestDocument;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.TagLister;
import java.io.IOException;
import java.io.InputStream;
import java.util.List;

/** Reads an image from an OCI layout, chosen by ref name, or the only one when no name is given. */
final class OciLayoutSource implements ImageSource, TagLister {
    private final OciLayoutReference ref;
    private final OciLayout layout;

    OciLayoutSource(OciLayoutReference ref, OciLayout layout) {
        this.ref = ref;
        this.layout = layout;
    }

    @Override
    public ImageReference reference() {
        return ref;
    }

    @Override
    public ManifestDocument manifest() throws IOException {
        return layout.readManifest(topDescriptor());
    }

    private Descriptor topDescriptor() throws IOException {
        ImageIndex index = layout.index();
        List<Descriptor> entries = index.manifests();
        if (ref.refName() == null) {
            if (entries.size() == 1) {
                return entries.get(0);
            }
            if (entries.isEmpty()) {
                throw new SkiffException("the OCI layout at " + ref.path() + " holds no images");
            }
            throw new SkiffException("the OCI layout at " + ref.path() + " holds " + entries.size()
                    + " images; name one: " + suggestions(index));
        }
        List<Descriptor> matches = entries.stream()
                .filter(d -> ref.refName().equals(d.annotations().get(OciLayout.REF_NAME))).toList();
        if (matches.isEmpty()) {
            List<String> names = OciLayout.refNames(index);
            throw new SkiffException("no image tagged \"" + ref.refName() + "\" in the OCI layout at " + ref.path()
                    + (names.isEmpty() ? " (it has no tagged images)" : " (tags: " + String.join(", ", names) + ")"));
        }
        if (matches.size() > 1) {
            throw new SkiffException("the OCI layout at " + ref.path() + " has " + matches.size()
                    + " entries tagged \"" + ref.refName() + "\"; it is ambiguous");
        }
        return matches.get(0);
    }

    private String suggestions(ImageIndex index) {
        List<String> names = OciLayout.refNames(index);
        if (names.isEmpty()) {
            return "the images have no tags";
        }
        return String.join(", ", names.stream().map(n -> "oci:" + ref.path() + ":" + n).toList());
    }

    @Override
    public ManifestDocument manifest(Descriptor child) throws IOException {
        return layout.readManifest(child);
    }

    @Override
    public InputStream openBlob(Descriptor blob) throws IOException {
        return layout.openBlob(blob);
    }

    /** The ref names in index.json, in order; untagged entries have none. */
    @Override
    public List<String> listTags() throws IOException {
        return OciLayout.refNames(layout.index());
    }

    @Override
    public void close() {
    }
}
