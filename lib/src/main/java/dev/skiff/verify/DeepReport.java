package dev.skiff.verify;

import dev.skiff.name.Digest;
import java.util.List;

/**
 * What a deep check found: how many images and blobs it re-read, every damaged blob, blobs no
 * image references (a store only; reported, not an error), and notes on what was not checked.
 */
public record DeepReport(
        String image,
        int images,
        int blobs,
        long bytes,
        List<BlobProblem> problems,
        List<Digest> unreferenced,
        List<Note> notes) {
    public DeepReport {
        problems = List.copyOf(problems);
        unreferenced = List.copyOf(unreferenced);
        notes = List.copyOf(notes);
    }

    public boolean intact() {
        return problems.isEmpty();
    }
}
