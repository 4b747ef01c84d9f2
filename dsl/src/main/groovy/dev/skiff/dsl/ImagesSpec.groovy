package dev.skiff.dsl

import dev.skiff.SkiffException
import dev.skiff.sync.TagSelection
import java.util.regex.Pattern
import java.util.regex.PatternSyntaxException

/** The words of an images block: {@code images('library/postgres') { tags ~/^15\.\d+$/ }} or {@code { semver '>=3.18 <4' }}. */
class ImagesSpec {
    static final Map<String, String> WORDS = [
            tags  : "tags ~/regex/ (tags matching it) or tags 'a', 'b' (those tags)",
            semver: "semver '>=3.18 <4' (tags in a semver range)",
    ]

    TagSelection selection = TagSelection.all()

    void tags(Pattern regex) {
        selection = new TagSelection.Regex(regex)
    }

    void tags(String... names) {
        if (names.length == 0) {
            throw new PlanException('tags without any tag', WORDS.tags)
        }
        def bad = names.find { it == null || !dev.skiff.name.NameRules.isTag(it) }
        if (bad != null || names.contains(null)) {
            throw new PlanException("invalid tag '${bad}': up to 128 letters, digits, '_', '.', '-', not starting with '.' or '-'", WORDS.tags)
        }
        selection = TagSelection.listed(names as List)
    }

    void semver(String range) {
        try {
            selection = TagSelection.semver(range)
        } catch (SkiffException e) {
            throw new PlanException(e.message, "a semver range such as '>=3.18 <4' or '>= 1.2, < 2'")
        }
    }

    /** Turns a bad regex literal ({@code ~/[/}), which fails where the plan evaluates it, into a plan mistake. */
    static PlanException invalid(PatternSyntaxException e) {
        new PlanException("invalid regex /${e.pattern}/: ${e.description}", 'a Java regular expression such as ~/^15\\.\\d+-alpine$/')
    }
}
