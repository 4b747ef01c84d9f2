package dev.skiff.sync;

import java.util.List;
import java.util.Objects;
import java.util.regex.Pattern;

/**
 * Which tags of a repository a sync takes: all of them, a list, those matching a regular
 * expression (skopeo's images-by-tag-regex), or those in a semver range (images-by-semver).
 */
public sealed interface TagSelection {
    /** True when {@code tag} is selected. */
    boolean matches(String tag);

    /** False when the tags are named, so the repository's tag list need not be fetched. */
    default boolean needsListing() {
        return true;
    }

    static TagSelection all() {
        return All.INSTANCE;
    }

    static TagSelection listed(List<String> tags) {
        return new Listed(tags);
    }

    static TagSelection regex(String regex) {
        return new Regex(Pattern.compile(regex));
    }

    static TagSelection semver(String range) {
        return new Semver(SemverRange.parse(range));
    }

    enum All implements TagSelection {
        INSTANCE;

        @Override
        public boolean matches(String tag) {
            return true;
        }

        @Override
        public String toString() {
            return "all tags";
        }
    }

    record Listed(List<String> tags) implements TagSelection {
        public Listed {
            tags = List.copyOf(Objects.requireNonNull(tags, "tags"));
        }

        @Override
        public boolean matches(String tag) {
            return tags.contains(tag);
        }

        @Override
        public boolean needsListing() {
            return false;
        }
    }

    /** Unanchored, like skopeo's Go regexp.MatchString: write ^…$ to match the whole tag. */
    record Regex(Pattern pattern) implements TagSelection {
        @Override
        public boolean matches(String tag) {
            return pattern.matcher(tag).find();
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof Regex r && r.pattern.pattern().equals(pattern.pattern());
        }

        @Override
        public int hashCode() {
            return pattern.pattern().hashCode();
        }
    }

    record Semver(SemverRange range) implements TagSelection {
        @Override
        public boolean matches(String tag) {
            return range.matches(tag);
        }
    }
}
