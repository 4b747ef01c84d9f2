package dev.skiff.copy;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import java.util.List;

/** Two listeners heard as one, first then second: the engine's own bookkeeping beside a front's progress. */
public final class CopyListeners {
    private CopyListeners() {}

    public static CopyListener both(CopyListener first, CopyListener second) {
        if (second == null || second == CopyListener.NONE) {
            return first;
        }
        return new CopyListener() {
            @Override
            public void blobsPlanned(List<Descriptor> blobs) {
                first.blobsPlanned(blobs);
                second.blobsPlanned(blobs);
            }

            @Override
            public void blobStarted(Descriptor blob) {
                first.blobStarted(blob);
                second.blobStarted(blob);
            }

            @Override
            public void blobProgress(Descriptor blob, long bytes) {
                first.blobProgress(blob, bytes);
                second.blobProgress(blob, bytes);
            }

            @Override
            public void blobDone(Descriptor blob, BlobOutcome outcome) {
                first.blobDone(blob, outcome);
                second.blobDone(blob, outcome);
            }

            @Override
            public void manifestWritten(ManifestDocument manifest) {
                first.manifestWritten(manifest);
                second.manifestWritten(manifest);
            }
        };
    }
}
