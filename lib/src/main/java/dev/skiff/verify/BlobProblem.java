package dev.skiff.verify;

import dev.skiff.name.Digest;

/**
 * One damaged blob: its digest, what it is to the image ({@code layer 2 of linux/amd64 image
 * sha256:…}), what is wrong, and a sentence with the figures.
 */
public record BlobProblem(Digest digest, String role, Kind kind, String detail) {
    public enum Kind {
        MISSING("missing"),
        TRUNCATED("truncated"),
        TOO_LONG("too long"),
        WRONG_CONTENT("wrong content"),
        WRONG_DIFF_ID("wrong diff_id"),
        UNREADABLE("unreadable");

        private final String label;

        Kind(String label) {
            this.label = label;
        }

        public String label() {
            return label;
        }
    }
}
