package dev.skiff;

import java.util.List;

/** What list-tags reports: skopeo's {@code {"Repository": …, "Tags": […]}}. */
public record TagList(String repository, List<String> tags) {
    public TagList {
        tags = List.copyOf(tags);
    }
}
