package dev.skiff.registry;

import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.function.Consumer;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Paged lists (tags, the catalog): a single-page call repeated along {@code Link: <…>; rel="next"}
 * (oras-go's {@code Tags(fn)}). A next page is followed only on the origin of the page that named
 * it, never twice, and at most {@value #MAX_PAGES} pages: a registry cannot send the client, and
 * its credentials, elsewhere.
 */
final class Pages {
    static final int MAX_PAGES = 10_000;
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");

    /** One page: its items and the next page's URL, or null at the last. */
    record Page(List<String> items, HttpUrl next) {}

    private Pages() {}

    /** Calls {@code fetch} from {@code first} along the next links, handing each page's items to {@code each}. */
    static void each(HttpUrl first, Function<HttpUrl, Page> fetch, Consumer<List<String>> each) {
        Set<HttpUrl> seen = new HashSet<>();
        HttpUrl url = first;
        for (int n = 0; url != null && n < MAX_PAGES && seen.add(url); n++) {
            Page page = fetch.apply(url);
            each.accept(page.items());
            url = page.next();
        }
    }

    /**
     * The next page named by {@code r}'s {@code Link} header, resolved against its URL, or null.
     * A link to another origin is refused with {@code errors}.
     */
    static HttpUrl next(Response r, RegistryErrors errors, String registry) {
        HttpUrl here = r.request().url();
        for (String link : r.headers("Link")) {
            Matcher m = LINK_NEXT.matcher(link);
            if (m.find()) {
                HttpUrl next = here.resolve(m.group(1));
                if (next == null || !Urls.sameOrigin(next, here)) {
                    throw errors.of(
                            registry + " named a next page on another origin ("
                                    + (next == null ? "an invalid URL" : Urls.redact(next)) + "); not following it",
                            r.code(),
                            r.request().method(),
                            here);
                }
                return next;
            }
        }
        return null;
    }
}
