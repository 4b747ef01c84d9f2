package dev.skiff.registry;

import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.transport.RetryPolicy;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.function.Consumer;
import java.util.function.Supplier;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * The HTTP exchange with one registry: the {@code /v2/} ping that learns the scheme (https; with
 * {@code tlsVerify=false} plain http when the server does not speak TLS, as skopeo does) and the
 * auth challenge, sending with the Authorization {@link RegistryAuth} gives, following redirects
 * (Authorization only to the registry's own origin, no https→http downgrade), retrying transient
 * failures, and turning failures into {@link RegistryException}s whose messages say what to try and
 * never contain a secret. Thread-safe.
 */
final class RegistryHttp {
    private static final int MAX_REDIRECTS = 10;
    private static final Duration TLS_PROBE_TIMEOUT = Duration.ofSeconds(10);
    /** A /v2/ answer is "{}" or an error document; more is not a registry's ping. */
    private static final int PING_BODY_LIMIT = 64 * 1024;

    private final String registry;
    private final String apiHost;
    private final boolean tlsVerify;
    private final Path certDir;
    private final RetryPolicy retry;
    private final Consumer<String> debug;
    private final RegistryAuth auth;
    private final RequestGate gate;
    private final KeptAlive kept = new KeptAlive();
    private volatile Boolean direct;
    private volatile HeadLines headLines;

    private volatile OkHttpClient http;
    private volatile HttpUrl base;

    RegistryHttp(String registry, String apiHost, TransportOptions options) {
        this.registry = registry;
        this.apiHost = apiHost;
        this.tlsVerify = options.tlsVerify();
        this.certDir = options.certDir();
        this.retry = options.retry();
        this.debug = options.debug();
        this.auth = new RegistryAuth(registry, options.effectiveCredentials(), this);
        this.gate = RequestGate.of(registry, options.maxRequests());
    }

    RetryPolicy retry() {
        return retry;
    }

    RegistryAuth auth() {
        return auth;
    }

    /** The base URL found by the ping, or null before it. */
    HttpUrl base() {
        return base;
    }

    private OkHttpClient http() {
        OkHttpClient h = http;
        if (h == null) {
            // No --cert-dir: the host's directory under certs.d, as containers/image looks.
            h = HttpClients.get(tlsVerify, certDir != null ? certDir : CertDirs.forHost(registry));
            http = h;
        }
        return h;
    }

    /** Pings {@code /v2/} once: learns the scheme and the auth challenge. */
    synchronized void ensurePinged() {
        if (base != null) {
            return;
        }
        List<String> schemes = tlsVerify ? List.of("https") : List.of("https", "http");
        IOException last = null;
        HttpUrl lastUrl = null;
        for (String scheme : schemes) {
            HttpUrl candidate = HttpUrl.get(scheme + "://" + apiHost + "/");
            HttpUrl ping = candidate.resolve("/v2/");
            lastUrl = ping;
            if (!tlsVerify && scheme.equals("https")
                    && TlsSniff.probe(candidate, TLS_PROBE_TIMEOUT) == TlsSniff.Answer.NOT_TLS) {
                debug(() -> "GET " + redact(ping) + " skipped: " + apiHost + " does not speak TLS; trying http");
                continue;
            }
            if (quickPing(candidate)) {
                base = candidate;
                return;
            }
            // Without verification a plain-HTTP server may never answer a TLS hello: bound the
            // probe as Go's TLSHandshakeTimeout does, then fall back to http.
            Supplier<OkHttpClient> probe = !tlsVerify && scheme.equals("https")
                    ? () -> http().newBuilder().readTimeout(TLS_PROBE_TIMEOUT).build() : this::http;
            try (Response r = pingWithRetries(probe, ping)) {
                if (r.code() != 200 && r.code() != 401) {
                    ErrorBody e = errorBody(r);
                    throw error(registry + " does not answer as a registry: GET /v2/ gave " + e.summary() + attemptsNote(r), e, "GET", ping);
                }
                if (r.code() == 401) {
                    auth.challenged(AuthChallenge.pick(r.headers("WWW-Authenticate")));
                }
                base = candidate;
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw connectionError(last, "GET", lastUrl);
    }

    /** GET /v2/, again after a 408, 429 or 5xx as the retry policy allows (a failed connect moves on to the next scheme). */
    private Response pingWithRetries(Supplier<OkHttpClient> client, HttpUrl ping) throws IOException {
        for (int retries = 0; ; retries++) {
            Response r = execute(client, new Request.Builder().url(ping).get().tag(Attempts.class, new Attempts(retries + 1)).build(), null);
            if (retries >= retry.times() || !isRetryableStatus(r.code())) {
                return r;
            }
            String retryAfter = r.header("Retry-After");
            r.close();
            pause(retries, retryAfter, "GET", ping, Integer.toString(r.code()));
        }
    }

    /**
     * Sends a request to the registry with the Authorization its challenge needs for {@code scopes}.
     * On a 401 that brings a (new) challenge it fetches a fresh token and tries once more. A
     * connection failure or a 408, 429, 500, 502, 503 or 504 is tried again as the {@link RetryPolicy}
     * says when the body can be replayed (no body, or bytes in memory: never a streamed blob). The
     * caller owns the response, including a final failure (turned into a message by {@link #fail},
     * which counts the attempts); when the last attempt fails to connect, the {@link IOException}
     * says how many were made.
     */
    Response send(String method, HttpUrl url, RequestBody body, Headers headers, List<String> scopes,
                  String repository) throws IOException {
        ensurePinged();
        List<String> wanted = new ArrayList<>(scopes);
        boolean replayable = body == null || !body.isOneShot();
        boolean authRetried = false;
        int retries = 0;
        while (true) {
            String authorization = auth.authorization(wanted, repository);
            Request request = new Request.Builder().url(url).headers(headers).method(method, body)
                    .tag(Attempts.class, new Attempts(retries + 1)).build();
            Response r;
            try {
                r = execute(this::http, request, authorization);
            } catch (IOException e) {
                if (replayable && retries < retry.times() && isRetryableFailure(e)) {
                    pause(retries++, null, method, url, rootMessage(e));
                    continue;
                }
                throw retries == 0 ? e : new RetriesExhausted(retries + 1, e);
            }
            if (r.code() == 401 && !authRetried && replayable && auth.retryAfterUnauthorized(r, authorization, wanted)) {
                r.close();
                authRetried = true;
                continue;
            }
            if (replayable && retries < retry.times() && isRetryableStatus(r.code())) {
                String retryAfter = r.header("Retry-After");
                r.close();
                pause(retries++, retryAfter, method, url, Integer.toString(r.code()));
                continue;
            }
            return r;
        }
    }

    /**
     * HEAD {@code path} (already encoded, from the server's root) on a kept-alive socket of our own,
     * when the registry is reached directly: the answer if it is a plain 200 or 404, else null, and
     * the caller uses {@link #send}, which handles the rest (a new auth challenge, redirects,
     * retries) and reports failures.
     */
    KeptAlive.Answer quickHead(String path, String accept, List<String> scopes, String repository) {
        return quick("HEAD", path, accept, scopes, repository, 0);
    }

    /**
     * GET {@code path} like {@link #quickHead}: the answer if it is a 200 or 404 with a body of at
     * most {@code maxBody} bytes (a 401 is left to {@link #send}, which fetches a token), else null.
     */
    KeptAlive.Answer quickGet(String path, String accept, List<String> scopes, String repository, int maxBody) {
        KeptAlive.Answer answer = quick("GET", path, accept, scopes, repository, maxBody);
        return answer == null || answer.code() == 401 ? null : answer;
    }

    private KeptAlive.Answer quick(String method, String path, String accept, List<String> scopes, String repository, int maxBody) {
        ensurePinged();
        if (!direct()) {
            return null;
        }
        String authorization;
        try {
            authorization = auth.authorization(new ArrayList<>(scopes), repository);
            gate.enter();
        } catch (IOException e) {
            return null;   // the full path meets the same trouble and reports it
        }
        KeptAlive.Answer answer;
        OkHttpClient tls = base.isHttps() ? http() : null;
        try {
            answer = method.equals("HEAD") ? kept.head(base, path, headLines(accept), authorization, tls)
                    : kept.get(base, path, headLines(accept), authorization, tls, maxBody);
        } finally {
            gate.exit();
        }
        if (answer != null) {
            debug(() -> method + " " + redact(base.resolve(path)) + " -> " + answer.code());
        }
        return answer;
    }

    /**
     * The ping of a plain-HTTP registry on a socket of our own: learns the challenge from a 401 and
     * returns true, or returns false and the caller pings through OkHttp (anything else than 200
     * or 401, a proxy in the way, trouble on the socket).
     */
    private boolean quickPing(HttpUrl candidate) {
        if (candidate.isHttps() || !DirectRoute.to(candidate)) {
            return false;
        }
        KeptAlive.Answer answer;
        try {
            gate.enter();
        } catch (IOException e) {
            return false;
        }
        try {
            answer = kept.get(candidate, "/v2/", KeptAlive.fixedHeaders(candidate, ""), null, null, PING_BODY_LIMIT);
        } finally {
            gate.exit();
        }
        if (answer == null || (answer.code() != 200 && answer.code() != 401)) {
            return false;
        }
        if (answer.code() == 401) {
            auth.challenged(AuthChallenge.pick(answer.headers("WWW-Authenticate")));
        }
        debug(() -> "GET " + redact(candidate.resolve("/v2/")) + " -> " + answer.code());
        return true;
    }

    /** The fixed header lines of a quick request with {@code accept}, made once. */
    private String headLines(String accept) {
        HeadLines made = headLines;
        if (made == null || !made.accept().equals(accept)) {
            made = new HeadLines(accept, KeptAlive.fixedHeaders(base, "Accept: " + accept + "\r\n"));
            headLines = made;
        }
        return made.lines();
    }

    private record HeadLines(String accept, String lines) {
    }

    /** Closes the connections kept alive for quick requests. */
    void close() {
        kept.close();
    }

    /** No proxy between us and the registry (asked once: a ProxySelector answer costs a URI per call). */
    private boolean direct() {
        Boolean d = direct;
        if (d == null) {
            d = DirectRoute.to(base);
            direct = d;
        }
        return d;
    }

    /** How many times a request was sent, kept on it so an error can say so. */
    record Attempts(int count) {
    }

    /** The last of several attempts failed to connect; the message counts them. */
    static final class RetriesExhausted extends IOException {
        final int attempts;

        RetriesExhausted(int attempts, IOException last) {
            super(last.getMessage() + " (gave up after " + attempts + " attempts)", last);
            this.attempts = attempts;
        }
    }

    static boolean isRetryableStatus(int code) {
        return code == 408 || code == 429 || code == 500 || code == 502 || code == 503 || code == 504;
    }

    /**
     * Resets, cut-off bodies, timeouts and failed connects are worth another try; a refused
     * connection (nothing listening), an unknown host, a TLS failure or an interrupt are not.
     */
    static boolean isRetryableFailure(IOException e) {
        if (has(e, UnknownHostException.class) || has(e, SSLException.class)) {
            return false;
        }
        if (has(e, ConnectException.class) && chainMentions(e, "refused")) {
            return false;
        }
        return !(e instanceof InterruptedIOException) || e instanceof SocketTimeoutException;
    }

    /** Waits before retry number {@code retryIndex} (0-based), saying so with --debug. */
    void pause(int retryIndex, String retryAfter, String method, HttpUrl url, String why) throws IOException {
        Duration wait = retry.waitBefore(retryIndex, retryAfter);
        debug(() -> "retrying " + method + " " + redact(url) + " after " + why + " in " + wait.toMillis() + " ms (retry "
                + (retryIndex + 1) + " of " + retry.times() + ")");
        try {
            Thread.sleep(wait.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /** One line to the --debug sink; built only when someone listens. Never holds a secret. */
    void debug(Supplier<String> line) {
        Consumer<String> sink = debug;
        if (sink != null) {
            sink.accept(scrub(line.get()));
        }
    }

    /** Sends one HTTP request and logs it with --debug: method, URL without query, status, rate limit. */
    private Response call(Supplier<OkHttpClient> https, Request request) throws IOException {
        // TLS settings matter only for https: plain http uses a client that never sets TLS up.
        OkHttpClient client = request.url().isHttps() ? https.get() : HttpClients.cleartext();
        Response r;
        gate.enter();
        try {
            r = client.newCall(request).execute();
        } catch (IOException e) {
            debug(() -> request.method() + " " + redact(request.url()) + " failed: " + rootMessage(e));
            throw e;
        } finally {
            gate.exit();
        }
        String limit = rateLimit(r);
        debug(() -> request.method() + " " + redact(request.url()) + " -> " + r.code() + (limit == null ? "" : " (rate limit: " + limit + ")"));
        return r;
    }

    /** {@code RateLimit-Remaining}/{@code RateLimit-Limit} (Docker Hub's {@code 99;w=21600}) as "99 of 100 remaining", or null. */
    static String rateLimit(Response r) {
        String remaining = r.header("RateLimit-Remaining");
        if (remaining == null) {
            return null;
        }
        String limit = r.header("RateLimit-Limit");
        return firstField(remaining) + (limit == null ? "" : " of " + firstField(limit)) + " remaining";
    }

    private static String firstField(String header) {
        int semi = header.indexOf(';');
        return (semi < 0 ? header : header.substring(0, semi)).trim();
    }

    /**
     * Executes one request, following redirects for GET and HEAD. {@code authorization} is sent only
     * to the registry's own origin (scheme, host and port of the ping); a redirect or Location
     * elsewhere, such as blob storage, gets no Authorization, and an https→http downgrade is refused.
     */
    private Response execute(Supplier<OkHttpClient> client, Request request, String authorization) throws IOException {
        Request current = withAuth(request, authorization, request.url());
        for (int hop = 0; ; hop++) {
            Response r = call(client, current);
            if (!isRedirect(r.code()) || !(current.method().equals("GET") || current.method().equals("HEAD"))) {
                return r;
            }
            String location = r.header("Location");
            if (location == null) {
                return r;
            }
            HttpUrl next = current.url().resolve(location);
            r.close();
            if (next == null) {
                throw new RegistryException(registry + " redirected " + current.method() + " " + redact(current.url())
                        + " to an invalid location", r.code(), current.method(), redact(current.url()), List.of(), false, null);
            }
            if (hop >= MAX_REDIRECTS) {
                throw new RegistryException("too many redirects from " + redact(request.url()), r.code(), request.method(),
                        redact(request.url()), List.of(), false, null);
            }
            if (current.url().isHttps() && !next.isHttps() && tlsVerify) {
                throw new RegistryException(registry + " redirected " + redact(current.url()) + " to plain http "
                        + redact(next) + "; refusing the downgrade (pass --tls-verify=false to allow it)",
                        r.code(), current.method(), redact(current.url()), List.of(), false, null);
            }
            Request.Builder b = current.newBuilder().url(next).removeHeader("Authorization");
            if (authorization != null && current.header("Authorization") != null && sameOrigin(next, base)) {
                b.header("Authorization", authorization);
            }
            current = b.build();
        }
    }

    private Request withAuth(Request request, String authorization, HttpUrl url) {
        if (authorization == null || base == null || !sameOrigin(url, base)) {
            return request;
        }
        return request.newBuilder().header("Authorization", authorization).build();
    }

    /** Executes against an origin of its own (a token realm), with the same redirect rules. */
    Response executeAt(Request request, String authorization) throws IOException {
        Request current = authorization == null ? request : request.newBuilder().header("Authorization", authorization).build();
        HttpUrl origin = request.url();
        for (int hop = 0; ; hop++) {
            Response r = call(this::http, current);
            String location = r.header("Location");
            if (!isRedirect(r.code()) || location == null || hop >= MAX_REDIRECTS) {
                return r;
            }
            HttpUrl next = current.url().resolve(location);
            r.close();
            if (next == null) {
                throw new IOException("invalid redirect from the token realm");
            }
            Request.Builder b = current.newBuilder().url(next).removeHeader("Authorization");
            if (authorization != null && sameOrigin(next, origin)) {
                b.header("Authorization", authorization);
            }
            current = b.build();
        }
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    // ---------------------------------------------------------------- bounded bodies

    /** Refuses a response whose declared Content-Length is past {@code limit} before reading it. */
    void checkDeclaredLength(Response r, int limit, String what, String method, HttpUrl url) {
        String length = r.header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    throw new RegistryException(what + " is larger than the limit of " + limit + " bytes (Content-Length "
                            + length.trim() + ")", r.code(), method, redact(url), List.of(), false, null);
                }
            } catch (NumberFormatException ignored) {
                // the bounded read still applies
            }
        }
    }

    byte[] readBounded(Response r, int limit, String what, String method, HttpUrl url) throws IOException {
        try {
            return BoundedRead.readAll(r.body().byteStream(), limit, what);
        } catch (RegistryException e) {
            throw e;
        } catch (SkiffException e) {
            throw new RegistryException(e.getMessage(), r.code(), method, redact(url), List.of(), false, null);
        }
    }

    // ---------------------------------------------------------------- errors

    ErrorBody errorBody(Response r) {
        return ErrorBody.read(r, this::scrub);
    }

    RegistryException fail(Response r, String method, String what, String repository) {
        return failWith(errorBody(r), r, method, what, repository);
    }

    RegistryException failWith(ErrorBody e, Response r, String method, String what, String repository) {
        if (e.status() == 401) {
            return auth.authError(e, method, r.request().url(), repository);
        }
        String hint = "";
        if (e.status() == 403 || e.codes().contains("DENIED")) {
            hint = auth.accessHint(repository);
        } else if (e.status() == 429 || e.codes().contains("TOOMANYREQUESTS")) {
            String limit = rateLimit(r);
            hint = " (rate limited" + (limit == null ? "" : ", " + limit) + ": try again later)";
        } else if (e.status() == 405 || e.codes().contains("UNSUPPORTED")) {
            hint = " (the registry does not support this operation)";
        }
        return error(what + ": " + e.summary() + hint + attemptsNote(r), e, method, r.request().url());
    }

    /** "; gave up after N attempts …" when a request was retried, else "". */
    static String attemptsNote(Response r) {
        Attempts a = r.request().tag(Attempts.class);
        return a == null || a.count() <= 1 ? "" : "; gave up after " + a.count() + " attempts (raise --retry-times to try longer)";
    }

    RegistryException error(String message, ErrorBody e, String method, HttpUrl url) {
        return new RegistryException(scrub(message), e.status(), method, redact(url), e.codes(),
                RegistryException.defaultRetryable(e.status(), e.codes()), null);
    }

    /** Turns an I/O failure (no HTTP response) into a message that says what to try. */
    RegistryException connectionError(IOException e, String method, HttpUrl url) {
        String host = url == null ? apiHost : hostPort(url);
        String redacted = url == null ? null : redact(url);
        String message;
        boolean retryable = false;
        if (url != null && url.isHttps() && ClientCertificates.askedWithoutCertificate(url.host() + ":" + url.port())) {
            message = host + " asked for a TLS client certificate and none was offered (" + rootMessage(e) + "): put"
                    + " client.cert and client.key (PEM) in --cert-dir DIR or in certs.d/" + registry;
        } else if (has(e, ConnectException.class)) {
            message = chainMentions(e, "refused")
                    ? "cannot connect to " + host + ": connection refused (is the registry running?)"
                    : "cannot connect to " + host + ": " + rootMessage(e);
            retryable = !chainMentions(e, "refused");
        } else if (has(e, UnknownHostException.class)) {
            message = "cannot resolve " + (url == null ? apiHost : url.host()) + ": unknown host (check the registry name)";
        } else if (has(e, SSLException.class)) {
            message = tlsMessage(e, host);
        } else if (has(e, SocketTimeoutException.class)) {
            message = "timed out talking to " + host + " (" + method + " " + redacted + ")";
            retryable = true;
        } else {
            message = "I/O error talking to " + host + " (" + method + " " + redacted + "): " + rootMessage(e);
            retryable = true;
        }
        if (e instanceof RetriesExhausted x) {
            message += "; gave up after " + x.attempts + " attempts (raise --retry-times to try longer)";
        }
        return new RegistryException(scrub(message), 0, method, redacted, List.of(), retryable, new IOException(scrub(rootMessage(e))));
    }

    private String tlsMessage(IOException e, String host) {
        String detail = rootMessage(e);
        String lower = detail.toLowerCase(Locale.ROOT);
        boolean certificate = has(e, SSLHandshakeException.class)
                && (lower.contains("certif") || lower.contains("pkix") || lower.contains("subject alternative"));
        if (lower.contains("certificate_required") || lower.contains("bad_certificate")) {
            return host + " refused the TLS connection (" + detail + "): it wants a client certificate; put client.cert and"
                    + " client.key (PEM) in --cert-dir DIR or in certs.d/" + registry;
        }
        if (certificate) {
            return "TLS certificate problem with " + host + " (" + detail + "): pass --cert-dir DIR holding its CA certificate"
                    + " (DIR/*.crt), or --tls-verify=false to skip verification";
        }
        return host + " does not speak TLS or has a certificate problem (" + detail + "): if it is a plain-HTTP registry pass"
                + " --tls-verify=false; if it uses a private CA pass --cert-dir DIR";
    }

    private static boolean has(Throwable t, Class<? extends Throwable> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return true;
            }
        }
        return false;
    }

    private static boolean chainMentions(Throwable t, String word) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null && c.getMessage().toLowerCase(Locale.ROOT).contains(word)) {
                return true;
            }
        }
        return false;
    }

    private static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }

    // ---------------------------------------------------------------- secrets

    /** Replaces the password and any token held with {@code ***} (defence in depth). */
    String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        for (String secret : auth.secrets()) {
            out = out.replace(secret, "***");
        }
        return out;
    }

    /** The URL without query, fragment or user info: no tokens, signatures or passwords. */
    static String redact(HttpUrl url) {
        if (url == null) {
            return null;
        }
        return url.newBuilder().query(null).fragment(null).username("").password("").build().toString();
    }

    private static String hostPort(HttpUrl url) {
        return url.port() == HttpUrl.defaultPort(url.scheme()) ? url.host() : url.host() + ":" + url.port();
    }
}
