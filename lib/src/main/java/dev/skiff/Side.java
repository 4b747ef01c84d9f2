package dev.skiff;

/** Which side of an operation failed: a copy's source or destination, or the one place a single-sided command reads. */
public enum Side {
    /** Not known, or the operation has one side only (inspect, list-tags, delete). */
    UNKNOWN,
    SOURCE,
    DESTINATION,
}
