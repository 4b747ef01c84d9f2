package dev.skiff.verify;

import dev.skiff.Hint;

/**
 * A sentence about what a check compared or left out, with what a user could do about it as a
 * {@link Hint} (each front words it in its own flags or plan words); {@link Hint#NONE} when the
 * sentence says all.
 */
public record Note(String text, Hint hint) {
    public Note {
        hint = hint == null ? Hint.NONE : hint;
    }

    public static Note of(String text) {
        return new Note(text, Hint.NONE);
    }

    @Override
    public String toString() {
        return text;
    }
}
