package dev.skiff.transport;

import java.io.IOException;
import java.util.List;

/** A source that can list the tags of its repository (for inspect's RepoTags and list-tags). */
public interface TagLister {
    List<String> listTags() throws IOException;

    /** What list-tags prints as {@code Repository}; skopeo leaves it empty for file-based transports. */
    default String listedRepository() {
        return "";
    }

    /** Whether inspect shows these tags as RepoTags; skopeo does for registries, not for archives. */
    default boolean tagsInInspect() {
        return true;
    }
}
