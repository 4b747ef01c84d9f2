package dev.skiff.io;

import dev.skiff.model.Descriptor;
import java.io.IOException;
import java.io.InputStream;
import java.security.MessageDigest;

/**
 * Re-reads a stored blob and says whether it is the one its descriptor names, and if not, how it
 * differs: shorter, longer, or the right size with other bytes. Reads at most size + 1 bytes, so a
 * huge file under a small blob's name costs no more than the blob would.
 */
public final class BlobCheck {
    /** What a stored blob is, compared with its descriptor. */
    public enum Outcome {
        INTACT,
        TRUNCATED,
        TOO_LONG,
        WRONG_CONTENT
    }

    /** The outcome, and for the damaged ones a sentence saying what was found. */
    public record Result(Outcome outcome, String detail) {
        public boolean intact() {
            return outcome == Outcome.INTACT;
        }
    }

    private BlobCheck() {}

    /**
     * Whether a destination may reuse the blob it already stores under {@code expected}'s digest
     * instead of copying it: only when the bytes hash to that digest. A damaged one is reported on
     * stderr (and will be replaced, atomically, by the copy); a missing or wrong-sized one is not
     * worth a line, as it is simply copied.
     */
    public static boolean reusable(java.nio.file.Path file, Descriptor expected, String where) throws IOException {
        if (!java.nio.file.Files.isRegularFile(file) || java.nio.file.Files.size(file) != expected.size()) {
            return false;
        }
        try (InputStream in = java.nio.file.Files.newInputStream(file)) {
            return reusable(in, expected, where);
        }
    }

    /** As {@link #reusable(java.nio.file.Path, Descriptor, String)}, for a stream of the stored bytes. */
    public static boolean reusable(InputStream stored, Descriptor expected, String where) throws IOException {
        Result r = check(stored, expected);
        if (!r.intact()) {
            Warnings.print("Warning: blob " + expected.digest() + " in " + where + " is damaged (" + r.detail()
                    + "); copying it again instead of reusing it");
        }
        return r.intact();
    }

    public static Result check(InputStream in, Descriptor expected) throws IOException {
        MessageDigest hasher = expected.digest().newHasher();
        byte[] buffer = new byte[65536];
        long count = 0;
        long limit = expected.size() + 1;
        int n;
        while (count < limit && (n = in.read(buffer, 0, (int) Math.min(buffer.length, limit - count))) > 0) {
            hasher.update(buffer, 0, n);
            count += n;
        }
        if (count < expected.size()) {
            return new Result(Outcome.TRUNCATED, "truncated: " + count + " of " + expected.size() + " bytes");
        }
        if (count > expected.size()) {
            return new Result(Outcome.TOO_LONG, "longer than its " + expected.size() + " bytes");
        }
        byte[] actual = hasher.digest();
        if (!expected.digest().matches(actual)) {
            return new Result(
                    Outcome.WRONG_CONTENT,
                    "wrong content: its bytes hash to " + expected.digest().withHash(actual));
        }
        return new Result(Outcome.INTACT, null);
    }
}
