package dev.skiff.transport;

/**
 * A reference whose transport never lists tags (skopeo refuses {@code list-tags} for it, as for
 * {@code containers-storage:}), so list-tags says so before opening anything: opening such a
 * source can cost a whole image's export.
 */
public interface NoTagList {}
