package dev.skiff.registry;

import dev.skiff.Hint;
import java.io.IOException;
import java.util.List;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Follows redirects of GET and HEAD (blob storage, a token realm moved), up to 10 hops, with the
 * rules OkHttp's own following does not let us state (rule 7): an Authorization set on the request
 * (a token realm's Basic credentials) goes only to the request's own origin; the registry's own
 * Authorization is added per hop by {@link AuthInterceptor}, which checks the origin again; with
 * TLS verification on, an https→http downgrade is refused. Other methods get the 3xx as it is.
 * A failure at a redirect's target is a {@link TargetFailed}, so the error names that host rather
 * than the registry.
 */
final class RedirectPolicy implements Interceptor {
    private static final int MAX_REDIRECTS = 10;

    /** The connection to a host the registry redirected to failed. */
    static final class TargetFailed extends IOException {
        private final HttpUrl target;
        private final IOException failure;

        TargetFailed(HttpUrl target, IOException failure) {
            super(Urls.hostPort(target) + ": " + failure.getMessage(), failure);
            this.target = target;
            this.failure = failure;
        }

        HttpUrl target() {
            return target;
        }

        IOException failure() {
            return failure;
        }
    }

    private final String registry;
    private final boolean tlsVerify;
    private final RegistryErrors errors;

    RedirectPolicy(String registry, boolean tlsVerify, RegistryErrors errors) {
        this.registry = registry;
        this.tlsVerify = tlsVerify;
        this.errors = errors;
    }

    static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request first = chain.request();
        String authorization = first.header("Authorization");
        boolean follows = first.method().equals("GET") || first.method().equals("HEAD");
        Request current = first;
        for (int hop = 0; ; hop++) {
            Response r;
            try {
                r = chain.proceed(current);
            } catch (IOException e) {
                throw hop == 0 || e instanceof TargetFailed ? e : new TargetFailed(current.url(), e);
            }
            String location = r.header("Location");
            if (!follows || !isRedirect(r.code()) || location == null) {
                return r;
            }
            HttpUrl next = current.url().resolve(location);
            r.close();
            if (next == null) {
                throw errors.of(
                        registry + " redirected " + current.method() + " " + Urls.redact(current.url())
                                + " to an invalid location",
                        r.code(),
                        current.method(),
                        current.url());
            }
            if (hop >= MAX_REDIRECTS) {
                throw errors.of(
                        "too many redirects from " + Urls.redact(first.url()), r.code(), first.method(), first.url());
            }
            if (tlsVerify && current.url().isHttps() && !next.isHttps()) {
                throw errors.of(
                        registry + " redirected " + Urls.redact(current.url()) + " to plain http " + Urls.redact(next)
                                + "; refusing the downgrade",
                        r.code(),
                        current.method(),
                        current.url(),
                        List.of(),
                        Hint.PLAIN_HTTP);
            }
            Request.Builder b = current.newBuilder().url(next).removeHeader("Authorization");
            if (authorization != null && Urls.sameOrigin(next, first.url())) {
                b.header("Authorization", authorization);
            }
            current = b.build();
        }
    }
}
