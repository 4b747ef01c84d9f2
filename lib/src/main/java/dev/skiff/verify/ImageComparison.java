package dev.skiff.verify;

import java.util.List;

/**
 * What {@link ImageComparer} found: a row per image compared, and sentences saying what was
 * compared when it was not simply the digests (one platform of an index, converted formats).
 */
public record ImageComparison(String source, String destination, List<ComparisonRow> rows, List<Note> notes) {
    public ImageComparison {
        rows = List.copyOf(rows);
        notes = List.copyOf(notes);
    }

    /** True when every row matches, holds the same content, or was deliberately not copied. */
    public boolean matches() {
        return rows.stream().allMatch(r -> r.status().ok());
    }
}
