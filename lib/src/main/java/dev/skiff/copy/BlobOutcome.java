package dev.skiff.copy;

/** What happened to one blob in a copy. */
public enum BlobOutcome {
    COPIED,
    SKIPPED,
    MOUNTED
}
