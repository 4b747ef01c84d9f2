package dev.skiff.verify;

import dev.skiff.name.Digest;

/**
 * One line of a comparison: the image for one platform (or the index itself), its digest on each
 * side (null where that side has none), and whether they agree.
 */
public record ComparisonRow(String platform, Digest source, Digest destination, Status status) {
    /** How the two sides relate; only DIFFERENT and MISSING make a comparison fail. */
    public enum Status {
        /** Same digest. */
        MATCH("yes"),
        /** Other manifest bytes, same config digest and diff_ids: the same image in another format. */
        SAME_CONTENT("same content"),
        /** A platform of the source's index that a copy without --all did not carry; not an error. */
        NOT_COPIED("not copied"),
        /** The destination does not have it. */
        MISSING("missing"),
        DIFFERENT("NO");

        private final String label;

        Status(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }

        public boolean ok() {
            return this == MATCH || this == SAME_CONTENT || this == NOT_COPIED;
        }
    }
}
