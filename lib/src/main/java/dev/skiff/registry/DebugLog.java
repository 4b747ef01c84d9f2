package dev.skiff.registry;

import java.io.IOException;
import java.util.ArrayDeque;
import java.util.Deque;
import java.util.function.Consumer;
import java.util.function.Supplier;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The debug sink of one registry client, and the interceptor that writes a line per exchange to it
 * (ggcr's {@code transport/logger.go}): method, URL without query, status, rate limit, or why it
 * failed. The innermost application interceptor, so it sees every redirect hop with its own URL and,
 * through {@link Response#priorResponse()}, a 401 the authenticator answered. Lines are built only
 * when someone listens and are scrubbed of every secret.
 */
final class DebugLog implements Interceptor {
    private final Consumer<String> sink;
    private final Secrets secrets;

    DebugLog(Consumer<String> sink, Secrets secrets) {
        this.sink = sink;
        this.secrets = secrets;
    }

    void line(Supplier<String> text) {
        if (sink != null) {
            sink.accept(secrets.scrub(text.get()));
        }
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        if (sink == null) {
            return chain.proceed(request);
        }
        Response r;
        try {
            r = chain.proceed(request);
        } catch (IOException e) {
            line(() -> request.method() + " " + Urls.redact(request.url()) + " failed: " + Failures.rootMessage(e));
            throw e;
        }
        Deque<Response> answers = new ArrayDeque<>();
        for (Response a = r; a != null; a = a.priorResponse()) {
            answers.push(a);
        }
        for (Response a : answers) {
            String limit = RegistryErrors.rateLimit(a);
            line(() -> a.request().method() + " " + Urls.redact(a.request().url()) + " -> " + a.code()
                    + (limit == null ? "" : " (rate limit: " + limit + ")"));
        }
        return r;
    }
}
