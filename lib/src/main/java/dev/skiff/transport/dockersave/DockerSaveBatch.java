package dev.skiff.transport.dockersave;

import dev.skiff.name.ImageName;
import dev.skiff.transport.DestinationBatch;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Several images written into one {@code docker save} archive (a sync into a docker-archive), as
 * {@code docker save a b} writes them: each image is staged by its own
 * {@link DockerSaveDestination}, whose commit hands it here; {@link #publish()} streams the one
 * archive (each layer once) into the sink. Closing deletes every staged layer, published or not.
 */
public final class DockerSaveBatch implements DestinationBatch {
    private final String what;
    private final Path stagingParent;
    private final ArchiveSink sink;
    private final List<SaveArchive.Image> images = new ArrayList<>();
    private final List<Path> staged = new ArrayList<>();

    /** {@code what} names the archive in messages; layers are staged under {@code stagingParent}. */
    public DockerSaveBatch(String what, Path stagingParent, ArchiveSink sink) {
        this.what = what;
        this.stagingParent = stagingParent;
        this.sink = sink;
    }

    /** Where the image {@code ref} names goes, saved under its name (its RepoTag). */
    @Override
    public ImageDestination destination(ImageReference ref) {
        if (ref.dockerReference() == null || ref.dockerReference().tag() == null) {
            throw new IllegalArgumentException(
                    "cannot add " + ref + " to " + what + ": an image in a batch needs a NAME:TAG");
        }
        return destination(ref, ref.dockerReference());
    }

    /** Where one image goes, saved under {@code name} (its RepoTag). */
    public ImageDestination destination(ImageReference ref, ImageName name) {
        return new DockerSaveDestination(ref, what, List.of(name), stagingParent, null, this);
    }

    synchronized void add(SaveArchive.Image image, Path stagingDir) {
        images.add(image);
        if (stagingDir != null) {
            staged.add(stagingDir);
        }
    }

    /** Writes every committed image, in the order they were committed, as one archive. */
    @Override
    public void publish() throws IOException {
        List<SaveArchive.Image> all;
        synchronized (this) {
            all = List.copyOf(images);
        }
        sink.publish(out -> SaveArchive.write(all, out));
    }

    @Override
    public void close() throws IOException {
        List<Path> dirs;
        synchronized (this) {
            dirs = List.copyOf(staged);
            staged.clear();
        }
        for (Path dir : dirs) {
            DockerSaveDestination.deleteTree(dir);
        }
    }
}
