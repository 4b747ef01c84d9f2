package dev.skiff.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.SkiffException;
import dev.skiff.auth.Credentials;
import dev.skiff.io.BlobVerificationException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.model.Json;
import dev.skiff.model.MediaType;
import dev.skiff.name.Digest;
import dev.skiff.transport.TransportOptions;
import java.io.FilterInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.RequestBody;
import okhttp3.Response;
import okio.BufferedSink;

/**
 * A client for one registry's distribution API ({@code /v2/}), for one set of credentials and TLS
 * settings. Thread-safe: one instance serves the parallel blob transfers of a copy.
 *
 * <p>On first use it pings {@code /v2/} to learn the scheme (https; with {@code tlsVerify=false}
 * plain http when the server does not speak TLS, as skopeo does) and the auth challenge (Basic from
 * {@link Credentials}, or Bearer tokens fetched from the challenge's realm and cached per scope until
 * they expire). Credentials and tokens only go to the registry's own origin and, for Basic at a
 * token realm, to a realm that is https or on the registry's host (rule 7); redirects to other
 * hosts never carry Authorization. Every failure is a {@link RegistryException} whose message says
 * what to try and never contains a secret.
 */
public final class RegistryClient {
    private static final Pattern REPOSITORY = Pattern.compile("[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*(?:/[a-z0-9]+(?:(?:[._]|__|-+)[a-z0-9]+)*)*");
    private static final Pattern TAG = Pattern.compile("[\\w][\\w.-]{0,127}");
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");
    private static final int MAX_REDIRECTS = 10;
    private static final int MAX_RETRIES = 2;
    private static final long MAX_RETRY_WAIT_MS = 5_000;
    private static final int MAX_TAG_PAGES = 10_000;
    private static final java.time.Duration TLS_PROBE_TIMEOUT = java.time.Duration.ofSeconds(10);
    private static final okhttp3.MediaType OCTET_STREAM = okhttp3.MediaType.get("application/octet-stream");

    private final String registry;
    private final String apiHost;
    private final Credentials credentials;
    private final boolean tlsVerify;
    private final Path certDir;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();

    private volatile OkHttpClient http;
    private volatile HttpUrl base;
    private volatile AuthChallenge challenge;
    private volatile boolean realmRefusedCredentials;

    private record Token(String value, long expiresAtMillis) {
        boolean valid() {
            return System.currentTimeMillis() < expiresAtMillis;
        }
    }

    /** The error part of a registry response: status, OCI codes, and the first error's message. */
    private record ErrorBody(int status, List<String> codes, String message) {
        String summary() {
            StringBuilder b = new StringBuilder().append(status);
            if (!codes.isEmpty()) {
                b.append(' ').append(String.join(", ", codes));
            }
            if (message != null && !message.isBlank()) {
                b.append(": ").append(message);
            }
            return b.toString();
        }
    }

    public RegistryClient(String registry, Credentials credentials, boolean tlsVerify, Path certDir) {
        if (registry == null || registry.isEmpty()) {
            throw new IllegalArgumentException("a registry client needs a registry host");
        }
        this.registry = registry;
        this.apiHost = RegistryHosts.apiHost(registry);
        this.credentials = credentials;
        this.tlsVerify = tlsVerify;
        this.certDir = certDir;
    }

    /** A client for {@code registry} (as it appears in image names, e.g. {@code docker.io}). */
    public static RegistryClient forRegistry(String registry, TransportOptions options) {
        TransportOptions o = options == null ? TransportOptions.defaults() : options;
        return new RegistryClient(registry, o.credentials(), o.tlsVerify(), o.certDir());
    }

    /** The registry as named in image references. */
    public String registry() {
        return registry;
    }

    /** The host[:port] API requests go to ({@code registry-1.docker.io} for {@code docker.io}). */
    public String apiHost() {
        return apiHost;
    }

    public boolean tlsVerify() {
        return tlsVerify;
    }

    /** The base URL found by the ping ({@code https://host/} or {@code http://host/}); pings if needed. */
    public String baseUrl() {
        ensurePinged();
        return base.toString();
    }

    /** Checks that the registry answers {@code /v2/} and learns its scheme and auth challenge. */
    public void ping() {
        ensurePinged();
    }

    // ---------------------------------------------------------------- manifests

    /** GETs a manifest by tag or digest (Accept: every manifest type Skiff reads), bounded to 4 MiB. */
    public RawManifest getManifest(String repository, String reference) {
        HttpUrl url = api(repository, "manifests", reference);
        try (Response r = send("GET", url, null, Headers.of("Accept", MediaType.MANIFEST_ACCEPT), pull(repository), repository)) {
            if (!r.isSuccessful()) {
                throw manifestError(r, "GET", repository, reference);
            }
            String what = "manifest " + display(repository, reference) + " from " + registry;
            checkDeclaredLength(r, BoundedRead.MANIFEST_LIMIT, what, "GET", url);
            byte[] raw = readBounded(r, BoundedRead.MANIFEST_LIMIT, what, "GET", url);
            return new RawManifest(raw, MediaType.base(r.header("Content-Type")), headerDigest(r));
        } catch (IOException e) {
            throw connectionError(e, "GET", url);
        }
    }

    /**
     * HEADs a manifest: its descriptor (media type, digest, size) when the registry has it, empty when
     * it does not. Falls back to a GET when the registry sends no {@code Docker-Content-Digest}.
     */
    public Optional<Descriptor> headManifest(String repository, String reference) {
        HttpUrl url = api(repository, "manifests", reference);
        try (Response r = send("HEAD", url, null, Headers.of("Accept", MediaType.MANIFEST_ACCEPT), pull(repository), repository)) {
            if (r.code() == 404) {
                return Optional.empty();
            }
            if (!r.isSuccessful()) {
                throw manifestError(r, "HEAD", repository, reference);
            }
            Digest digest = headerDigest(r);
            String length = r.header("Content-Length");
            if (digest != null && length != null) {
                return Optional.of(Descriptor.of(MediaType.base(r.header("Content-Type")), digest, Long.parseLong(length.trim())));
            }
        } catch (IOException e) {
            throw connectionError(e, "HEAD", url);
        } catch (NumberFormatException e) {
            // fall through to GET
        }
        RawManifest m = getManifest(repository, reference);
        return Optional.of(Descriptor.of(m.contentType(), m.digest(), m.raw().length));
    }

    /**
     * PUTs a manifest under a tag or digest with its own media type as Content-Type; the bytes are
     * sent unchanged. Returns the digest of those bytes.
     */
    public Digest putManifest(String repository, String reference, byte[] raw, String mediaType) {
        HttpUrl url = api(repository, "manifests", reference);
        Digest digest = Digest.sha256(raw);
        RequestBody body = RequestBody.create(raw, okhttp3.MediaType.get(mediaType));
        try (Response r = send("PUT", url, body, Headers.of(), pullPush(repository), repository)) {
            if (!r.isSuccessful()) {
                throw fail(r, "PUT", "cannot push manifest " + display(repository, reference) + " to " + registry, repository);
            }
            Digest stored = headerDigest(r);
            if (stored != null && !stored.equals(digest)) {
                throw new RegistryException(registry + " stored manifest " + display(repository, reference) + " as "
                        + stored + " but its bytes hash to " + digest, r.code(), "PUT", redact(url), List.of(), false, null);
            }
            return digest;
        } catch (IOException e) {
            throw connectionError(e, "PUT", url);
        }
    }

    // ---------------------------------------------------------------- blobs

    /** True when the repository has the blob (HEAD 200), false on 404. */
    public boolean blobExists(String repository, Digest digest) {
        HttpUrl url = api(repository, "blobs", digest.toString());
        try (Response r = send("HEAD", url, null, Headers.of(), pull(repository), repository)) {
            if (r.code() == 404) {
                return false;
            }
            if (!r.isSuccessful()) {
                throw fail(r, "HEAD", "cannot check for blob " + digest + " in " + repository + " at " + registry, repository);
            }
            return true;
        } catch (IOException e) {
            throw connectionError(e, "HEAD", url);
        }
    }

    /**
     * Opens a blob's bytes as a stream, following redirects to storage hosts (without Authorization
     * when they are another host). Nothing is buffered; the caller verifies and closes.
     */
    public InputStream getBlob(String repository, Digest digest) {
        HttpUrl url = api(repository, "blobs", digest.toString());
        Response r;
        try {
            r = send("GET", url, null, Headers.of(), pull(repository), repository);
        } catch (IOException e) {
            throw connectionError(e, "GET", url);
        }
        try {
            if (!r.isSuccessful()) {
                ErrorBody e = errorBody(r);
                if (e.status() == 404 || e.codes().contains("BLOB_UNKNOWN")) {
                    throw error("blob " + digest + " is not in " + repository + " at " + registry + " (" + e.summary() + ")",
                            e, "GET", r.request().url());
                }
                throw failWith(e, r, "GET", "cannot read blob " + digest + " from " + repository + " at " + registry, repository);
            }
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
        Response response = r;
        return new FilterInputStream(r.body().byteStream()) {
            @Override
            public void close() throws IOException {
                try {
                    super.close();
                } finally {
                    response.close();
                }
            }
        };
    }

    /**
     * Uploads a blob monolithically: POST an upload session, then PUT the stream to its Location with
     * {@code ?digest=}. The stream is written as it is read, never buffered whole; when it fails (a
     * {@link BlobVerificationException} from a verifying stream) the upload is aborted before its last
     * bytes are sent, so the registry never completes it, and that exception is rethrown.
     */
    public void uploadBlob(String repository, Digest digest, long size, InputStream content) throws IOException {
        HttpUrl location = startUpload(repository, api(repository, "blobs", "uploads", ""), digest);
        if (location == null) {
            throw new RegistryException(registry + " did not start an upload for blob " + digest + " in " + repository
                    + " (202 without Location)", 202, "POST", redact(api(repository, "blobs", "uploads", "")), List.of(), false, null);
        }
        HttpUrl put = location.newBuilder().addQueryParameter("digest", digest.toString()).build();
        StreamBody body = new StreamBody(content, size);
        boolean done = false;
        try (Response r = send("PUT", put, body, Headers.of(), pullPush(repository), repository)) {
            if (!r.isSuccessful()) {
                throw fail(r, "PUT", "cannot push blob " + digest + " to " + repository + " at " + registry, repository);
            }
            done = true;
        } catch (IOException e) {
            if (body.failure != null) {
                throw body.failure;
            }
            throw connectionError(e, "PUT", put);
        } catch (RuntimeException e) {
            if (body.failure != null) {
                throw body.failure;
            }
            throw e;
        } finally {
            if (!done) {
                cancelUpload(location, repository);
            }
        }
    }

    /**
     * Uploads a blob whose digest is known only after its last byte (a layer compressed on the way):
     * POST an upload session, PATCH the stream to it chunked while hashing it, then PUT
     * {@code ?digest=} with no body, which the registry checks. Nothing is buffered whole. When the
     * stream fails, the session is cancelled and that exception is rethrown. Returns the blob's
     * descriptor (sha256 digest, size, {@code mediaType}).
     */
    public Descriptor uploadBlobStreaming(String repository, String mediaType, InputStream content) throws IOException {
        HttpUrl start = api(repository, "blobs", "uploads", "");
        HttpUrl location = startUpload(repository, start, null);
        if (location == null) {
            throw new RegistryException(registry + " did not start an upload in " + repository
                    + " (202 without Location)", 202, "POST", redact(start), List.of(), false, null);
        }
        java.security.DigestInputStream hashing = new java.security.DigestInputStream(content, Digest.newSha256());
        StreamBody body = new StreamBody(hashing, -1);
        boolean done = false;
        try {
            HttpUrl next;
            try (Response r = send("PATCH", location, body, Headers.of(), pullPush(repository), repository)) {
                if (!r.isSuccessful()) {
                    throw fail(r, "PATCH", "cannot upload a blob to " + repository + " at " + registry, repository);
                }
                String moved = r.header("Location");
                next = moved == null ? location : r.request().url().resolve(moved);
            } catch (IOException e) {
                if (body.failure != null) {
                    throw body.failure;
                }
                throw connectionError(e, "PATCH", location);
            }
            Digest digest = new Digest("sha256", java.util.HexFormat.of().formatHex(hashing.getMessageDigest().digest()));
            HttpUrl put = next.newBuilder().addQueryParameter("digest", digest.toString()).build();
            try (Response r = send("PUT", put, RequestBody.create(new byte[0], OCTET_STREAM), Headers.of(), pullPush(repository), repository)) {
                if (!r.isSuccessful()) {
                    throw fail(r, "PUT", "cannot push blob " + digest + " to " + repository + " at " + registry, repository);
                }
            } catch (IOException e) {
                throw connectionError(e, "PUT", put);
            }
            done = true;
            return Descriptor.of(mediaType, digest, body.total);
        } finally {
            if (!done) {
                cancelUpload(location, repository);
            }
        }
    }

    /**
     * Mounts a blob from another repository of this registry ({@code POST ?mount=&from=}). True when
     * the registry mounted it (201); false when it started an upload instead (202, cancelled here)
     * or does not know the blob, so the caller copies the bytes.
     */
    public boolean mountBlob(String repository, Digest digest, String fromRepository) {
        checkRepository(fromRepository);
        HttpUrl url = api(repository, "blobs", "uploads", "").newBuilder()
                .addQueryParameter("mount", digest.toString())
                .addQueryParameter("from", fromRepository)
                .build();
        List<String> scopes = List.of("repository:" + repository + ":pull,push", "repository:" + fromRepository + ":pull");
        HttpUrl cancel = null;
        try (Response r = send("POST", url, RequestBody.create(new byte[0], OCTET_STREAM), Headers.of(), scopes, repository)) {
            if (r.code() == 201) {
                return true;
            }
            if (r.code() == 202) {
                String loc = r.header("Location");
                cancel = loc == null ? null : r.request().url().resolve(loc);
            } else if (r.code() != 404) {
                throw fail(r, "POST", "cannot mount blob " + digest + " from " + fromRepository + " into " + repository
                        + " at " + registry, repository);
            }
        } catch (IOException e) {
            throw connectionError(e, "POST", url);
        }
        if (cancel != null) {
            cancelUpload(cancel, repository);
        }
        return false;
    }

    // ---------------------------------------------------------------- tags

    /** All tags of a repository, following {@code Link: <…>; rel="next"} pages. */
    public List<String> listTags(String repository) {
        return listTags(repository, 0);
    }

    /** Like {@link #listTags(String)}, asking for {@code pageSize} tags per page ({@code n=}) when positive. */
    public List<String> listTags(String repository, int pageSize) {
        HttpUrl url = api(repository, "tags", "list");
        if (pageSize > 0) {
            url = url.newBuilder().addQueryParameter("n", Integer.toString(pageSize)).build();
        }
        List<String> tags = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int page = 0; url != null && page < MAX_TAG_PAGES && seen.add(url.toString()); page++) {
            try (Response r = send("GET", url, null, Headers.of("Accept", "application/json"), pull(repository), repository)) {
                if (!r.isSuccessful()) {
                    ErrorBody e = errorBody(r);
                    if (e.status() == 404 || e.codes().contains("NAME_UNKNOWN")) {
                        throw error("no repository " + repository + " in " + registry + " (" + e.summary() + ")", e, "GET", url);
                    }
                    throw failWith(e, r, "GET", "cannot list tags of " + repository + " at " + registry, repository);
                }
                byte[] raw = readBounded(r, BoundedRead.MANIFEST_LIMIT, "tag list of " + repository + " from " + registry, "GET", url);
                JsonNode root = Json.parse(raw, "tag list of " + repository);
                JsonNode list = root.get("tags");
                if (list != null && list.isArray()) {
                    list.forEach(t -> tags.add(t.asText()));
                }
                url = nextPage(r);
            } catch (IOException e) {
                throw connectionError(e, "GET", url);
            }
        }
        return tags;
    }

    @Override
    public String toString() {
        return "RegistryClient[" + registry + (apiHost.equals(registry) ? "" : " via " + apiHost)
                + (tlsVerify ? "" : ", tls-verify=false") + (credentials == null ? "" : ", user " + credentials.username()) + "]";
    }

    // ---------------------------------------------------------------- internals: requests

    private OkHttpClient http() {
        OkHttpClient h = http;
        if (h == null) {
            h = HttpClients.get(tlsVerify, certDir);
            http = h;
        }
        return h;
    }

    private synchronized void ensurePinged() {
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
            // Without verification a plain-HTTP server may never answer a TLS hello: bound the
            // probe as Go's TLSHandshakeTimeout does, then fall back to http.
            OkHttpClient probe = !tlsVerify && scheme.equals("https")
                    ? http().newBuilder().readTimeout(TLS_PROBE_TIMEOUT).build() : http();
            try (Response r = execute(probe, new Request.Builder().url(ping).get().build(), null)) {
                if (r.code() != 200 && r.code() != 401) {
                    ErrorBody e = errorBody(r);
                    throw error(registry + " does not answer as a registry: GET /v2/ gave " + e.summary(), e, "GET", ping);
                }
                if (r.code() == 401) {
                    challenge = AuthChallenge.pick(r.headers("WWW-Authenticate"));
                }
                base = candidate;
                return;
            } catch (IOException e) {
                last = e;
            }
        }
        throw connectionError(last, "GET", lastUrl);
    }

    /**
     * Sends a request to the registry with the Authorization its challenge needs for {@code scopes}.
     * On a 401 that brings a (new) challenge it fetches a fresh token and tries once more; on 429 and
     * 502–504 a GET or HEAD is retried up to twice, honouring a short Retry-After. The caller owns the
     * response, including a final 401 (turned into a message by {@link #fail}).
     */
    private Response send(String method, HttpUrl url, RequestBody body, Headers headers, List<String> scopes,
                          String repository) throws IOException {
        ensurePinged();
        List<String> wanted = new ArrayList<>(scopes);
        boolean authRetried = false;
        int retries = 0;
        while (true) {
            String auth = authorization(wanted, repository);
            Request request = new Request.Builder().url(url).headers(headers).method(method, body).build();
            Response r = execute(request, auth);
            if (r.code() == 401 && !authRetried && (body == null || !body.isOneShot())) {
                AuthChallenge fresh = AuthChallenge.pick(r.headers("WWW-Authenticate"));
                boolean worthRetry = fresh != null && (fresh.isBearer() || (fresh.isBasic() && credentials != null && auth == null));
                if (worthRetry) {
                    r.close();
                    authRetried = true;
                    challenge = fresh;
                    String extra = fresh.param("scope");
                    if (fresh.isBearer() && extra != null) {
                        for (String s : extra.split(" ")) {
                            if (!s.isBlank() && !wanted.contains(s)) {
                                wanted.add(s);
                            }
                        }
                    }
                    tokens.remove(scopeKey(wanted));
                    continue;
                }
            }
            if (isRetryableStatus(r.code()) && retries < MAX_RETRIES && (method.equals("GET") || method.equals("HEAD"))) {
                long wait = retryWait(r.header("Retry-After"), retries);
                r.close();
                retries++;
                sleep(wait);
                continue;
            }
            return r;
        }
    }

    private static boolean isRetryableStatus(int code) {
        return code == 429 || code == 502 || code == 503 || code == 504;
    }

    private static long retryWait(String retryAfter, int attempt) {
        if (retryAfter != null) {
            try {
                return Math.min(MAX_RETRY_WAIT_MS, Math.max(0, Long.parseLong(retryAfter.trim()) * 1000));
            } catch (NumberFormatException ignored) {
                // an HTTP date: use the backoff
            }
        }
        return Math.min(MAX_RETRY_WAIT_MS, 250L << attempt);
    }

    private static void sleep(long millis) throws IOException {
        try {
            Thread.sleep(millis);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new java.io.InterruptedIOException("interrupted while waiting to retry");
        }
    }

    /**
     * Executes one request, following redirects for GET and HEAD. {@code auth} is sent only to the
     * registry's own origin (scheme, host and port of the ping); a redirect or Location elsewhere, such
     * as blob storage, gets no Authorization, and an https→http downgrade is refused.
     */
    private Response execute(Request request, String auth) throws IOException {
        return execute(http(), request, auth);
    }

    private Response execute(OkHttpClient client, Request request, String auth) throws IOException {
        Request current = withAuth(request, auth, request.url());
        for (int hop = 0; ; hop++) {
            Response r = client.newCall(current).execute();
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
            if (auth != null && current.header("Authorization") != null && sameOrigin(next, base)) {
                b.header("Authorization", auth);
            }
            current = b.build();
        }
    }

    private Request withAuth(Request request, String auth, HttpUrl url) {
        if (auth == null || base == null || !sameOrigin(url, base)) {
            return request;
        }
        return request.newBuilder().header("Authorization", auth).build();
    }

    private static boolean isRedirect(int code) {
        return code == 301 || code == 302 || code == 303 || code == 307 || code == 308;
    }

    private static boolean sameOrigin(HttpUrl a, HttpUrl b) {
        return a.scheme().equals(b.scheme()) && a.host().equalsIgnoreCase(b.host()) && a.port() == b.port();
    }

    // ---------------------------------------------------------------- internals: auth

    private String authorization(List<String> scopes, String repository) throws IOException {
        AuthChallenge c = challenge;
        if (c == null) {
            return null;
        }
        if (c.isBasic()) {
            return credentials == null ? null : basic(credentials);
        }
        if (c.isBearer()) {
            return "Bearer " + token(c, scopes, repository);
        }
        return null;
    }

    private static String basic(Credentials c) {
        return okhttp3.Credentials.basic(c.username(), c.password() == null ? "" : c.password(), StandardCharsets.UTF_8);
    }

    private static String scopeKey(List<String> scopes) {
        return String.join(" ", new TreeSet<>(scopes));
    }

    private String token(AuthChallenge c, List<String> scopes, String repository) throws IOException {
        String key = scopeKey(scopes);
        Token cached = tokens.get(key);
        if (cached != null && cached.valid()) {
            return cached.value();
        }
        String realm = c.param("realm");
        HttpUrl realmUrl = realm == null ? null : HttpUrl.parse(realm);
        if (realmUrl == null) {
            throw new RegistryException(registry + " asked for a bearer token but gave no usable realm"
                    + (realm == null ? "" : " (" + scrub(realm) + ")"), 401, "GET", redact(base.resolve("/v2/")), List.of(), false, null);
        }
        HttpUrl.Builder ub = realmUrl.newBuilder();
        if (c.param("service") != null) {
            ub.addQueryParameter("service", c.param("service"));
        }
        for (String s : new TreeSet<>(scopes)) {
            ub.addQueryParameter("scope", s);
        }
        HttpUrl url = ub.build();
        Request.Builder rb = new Request.Builder().url(url).get().header("Accept", "application/json");
        boolean sendCredentials = credentials != null && realmMayReceiveCredentials(realmUrl);
        if (credentials != null && !sendCredentials) {
            realmRefusedCredentials = true;
        }
        String auth = sendCredentials ? basic(credentials) : null;
        Request request = rb.build();
        Response r;
        try {
            // The realm is its own origin: Authorization goes to it and, on redirects, only to it.
            r = executeAt(request, auth);
        } catch (IOException e) {
            throw connectionError(e, "GET", url);
        }
        try (r) {
            if (r.code() == 401 || r.code() == 403) {
                ErrorBody e = errorBody(r);
                throw authError(e, "GET", url, repository, sendCredentials);
            }
            if (!r.isSuccessful()) {
                ErrorBody e = errorBody(r);
                throw error("cannot get a token for " + repository + " from " + realmUrl.host() + ": " + e.summary(), e, "GET", url);
            }
            byte[] raw = readBounded(r, BoundedRead.BODY_LIMIT, "token response from " + realmUrl.host(), "GET", url);
            JsonNode root;
            try {
                root = Json.parse(raw, "token response");
            } catch (SkiffException e) {
                throw new RegistryException("the token response from " + realmUrl.host() + " is not JSON",
                        r.code(), "GET", redact(url), List.of(), false, null);
            }
            String value = text(root, "token");
            if (value == null || value.isEmpty()) {
                value = text(root, "access_token");
            }
            if (value == null || value.isEmpty()) {
                throw new RegistryException("the token response from " + realmUrl.host() + " has no token",
                        r.code(), "GET", redact(url), List.of(), false, null);
            }
            long expiresIn = root.has("expires_in") && root.get("expires_in").canConvertToLong()
                    ? root.get("expires_in").asLong() : 60;
            expiresIn = Math.max(expiresIn, 60);
            // Renew a little early so a token does not expire in flight.
            Token t = new Token(value, System.currentTimeMillis() + (expiresIn - 10) * 1000);
            tokens.put(key, t);
            return value;
        }
    }

    /** Rule 7: Basic credentials go to a token realm only over https or on the registry's own host. */
    private boolean realmMayReceiveCredentials(HttpUrl realm) {
        if (realm.isHttps()) {
            return true;
        }
        return base != null && realm.host().equalsIgnoreCase(base.host());
    }

    /** Executes against an origin of its own (the token realm), with the same redirect rules. */
    private Response executeAt(Request request, String auth) throws IOException {
        Request current = auth == null ? request : request.newBuilder().header("Authorization", auth).build();
        HttpUrl origin = request.url();
        for (int hop = 0; ; hop++) {
            Response r = http().newCall(current).execute();
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
            if (auth != null && sameOrigin(next, origin)) {
                b.header("Authorization", auth);
            }
            current = b.build();
        }
    }

    // ---------------------------------------------------------------- internals: uploads

    private HttpUrl startUpload(String repository, HttpUrl url, Digest digest) {
        try (Response r = send("POST", url, RequestBody.create(new byte[0], OCTET_STREAM), Headers.of(), pullPush(repository), repository)) {
            if (r.code() != 202 && !r.isSuccessful()) {
                throw fail(r, "POST", "cannot start uploading " + (digest == null ? "a blob" : "blob " + digest) + " to " + repository + " at " + registry, repository);
            }
            String location = r.header("Location");
            return location == null ? null : r.request().url().resolve(location);
        } catch (IOException e) {
            throw connectionError(e, "POST", url);
        }
    }

    private void cancelUpload(HttpUrl location, String repository) {
        try (Response ignored = send("DELETE", location, null, Headers.of(), pullPush(repository), repository)) {
            // best effort: the registry also expires abandoned uploads
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }

    /**
     * Streams an upload from an InputStream without buffering it whole. The last chunk read is held
     * back until the stream reports EOF (when a verifying stream checks size and digest), so a blob
     * that fails verification is never completely sent.
     */
    private static final class StreamBody extends RequestBody {
        private final InputStream in;
        private final long size;
        volatile IOException failure;
        /** Bytes sent; with an unknown size (-1, sent chunked) the blob's size once the body is written. */
        volatile long total;

        StreamBody(InputStream in, long size) {
            this.in = in;
            this.size = size;
        }

        @Override
        public okhttp3.MediaType contentType() {
            return OCTET_STREAM;
        }

        @Override
        public long contentLength() {
            return size;
        }

        @Override
        public boolean isOneShot() {
            return true;
        }

        @Override
        public void writeTo(BufferedSink sink) throws IOException {
            byte[] pending = new byte[65536];
            byte[] buffer = new byte[65536];
            int pendingLength = 0;
            long total = 0;
            try {
                int n;
                while ((n = in.read(buffer, 0, buffer.length)) >= 0) {
                    if (n == 0) {
                        continue;
                    }
                    total += n;
                    if (size >= 0 && total > size) {
                        throw new BlobVerificationException("blob stream is longer than its declared size " + size);
                    }
                    if (pendingLength > 0) {
                        sink.write(pending, 0, pendingLength);
                    }
                    byte[] swap = pending;
                    pending = buffer;
                    buffer = swap;
                    pendingLength = n;
                }
                if (size >= 0 && total != size) {
                    throw new BlobVerificationException("blob stream ended after " + total + " of " + size + " bytes");
                }
                this.total = total;
                if (pendingLength > 0) {
                    sink.write(pending, 0, pendingLength);
                }
            } catch (IOException e) {
                failure = e;
                throw e;
            }
        }
    }

    // ---------------------------------------------------------------- internals: errors

    private RegistryException manifestError(Response r, String method, String repository, String reference) throws IOException {
        ErrorBody e = errorBody(r);
        if (e.status() == 404 || e.codes().contains("MANIFEST_UNKNOWN") || e.codes().contains("NAME_UNKNOWN")) {
            return error("no image " + display(repository, reference) + " in " + registry, e, method, r.request().url());
        }
        return failWith(e, r, method, "cannot read manifest " + display(repository, reference) + " from " + registry, repository);
    }

    private RegistryException fail(Response r, String method, String what, String repository) throws IOException {
        return failWith(errorBody(r), r, method, what, repository);
    }

    private RegistryException failWith(ErrorBody e, Response r, String method, String what, String repository) {
        if (e.status() == 401) {
            return authError(e, method, r.request().url(), repository, credentials != null);
        }
        String hint = "";
        if (e.status() == 403 || e.codes().contains("DENIED")) {
            hint = credentials == null ? " (pass --creds or log in if the repository needs it)"
                    : " (user " + credentials.username() + " may lack access to " + repository + ")";
        } else if (e.status() == 429 || e.codes().contains("TOOMANYREQUESTS")) {
            hint = " (rate limited: try again later)";
        } else if (e.status() == 405 || e.codes().contains("UNSUPPORTED")) {
            hint = " (the registry does not support this operation)";
        }
        return error(what + ": " + e.summary() + hint, e, method, r.request().url());
    }

    private RegistryException authError(ErrorBody e, String method, HttpUrl url, String repository, boolean credentialsSent) {
        String message;
        if (credentials == null) {
            message = "authentication required by " + registry + " for " + repository
                    + ": pass --creds (or --src-creds/--dest-creds) or log in";
        } else if (!credentialsSent || realmRefusedCredentials) {
            message = "authentication required by " + registry + " for " + repository
                    + ": the credentials for " + credentials.username()
                    + " were not sent because the token realm is neither https nor on the registry's host";
        } else {
            message = registry + " rejected the credentials for user " + credentials.username() + " (" + repository
                    + ", " + e.summary() + "): check the username and password, or log in again";
        }
        return error(message, e, method, url);
    }

    private RegistryException error(String message, ErrorBody e, String method, HttpUrl url) {
        return new RegistryException(scrub(message), e.status(), method, redact(url), e.codes(),
                RegistryException.defaultRetryable(e.status(), e.codes()), null);
    }

    /** Reads an error body (bounded to 1 MiB) and its OCI codes; a body that is not JSON gives none. */
    private ErrorBody errorBody(Response r) {
        List<String> codes = new ArrayList<>();
        String message = null;
        if (!r.request().method().equals("HEAD")) {
            try {
                byte[] raw = BoundedRead.readAll(r.body().byteStream(), BoundedRead.BODY_LIMIT, "error body");
                JsonNode root = Json.mapper().readTree(raw);
                JsonNode errors = root == null ? null : root.get("errors");
                if (errors != null && errors.isArray()) {
                    for (JsonNode err : errors) {
                        String code = text(err, "code");
                        if (code != null) {
                            codes.add(code);
                        }
                        if (message == null) {
                            message = text(err, "message");
                        }
                    }
                }
            } catch (IOException | RuntimeException ignored) {
                // not JSON, too large, or cut off: the status still says what happened
            }
        }
        if (message != null && message.length() > 300) {
            message = message.substring(0, 300) + "…";
        }
        return new ErrorBody(r.code(), codes, message == null ? null : scrub(message));
    }

    /** Turns an I/O failure (no HTTP response) into a message that says what to try. */
    private RegistryException connectionError(IOException e, String method, HttpUrl url) {
        String host = url == null ? apiHost : hostPort(url);
        String redacted = url == null ? null : redact(url);
        String message;
        boolean retryable = false;
        if (has(e, ConnectException.class)) {
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
        return new RegistryException(scrub(message), 0, method, redacted, List.of(), retryable, new IOException(scrub(rootMessage(e))));
    }

    private String tlsMessage(IOException e, String host) {
        String detail = rootMessage(e);
        String lower = detail.toLowerCase(Locale.ROOT);
        boolean certificate = has(e, SSLHandshakeException.class)
                && (lower.contains("certif") || lower.contains("pkix") || lower.contains("subject alternative"));
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

    /** Replaces the password and any token this client holds with {@code ***} (defence in depth). */
    private String scrub(String text) {
        if (text == null) {
            return null;
        }
        String out = text;
        if (credentials != null && credentials.password() != null && credentials.password().length() >= 4) {
            out = out.replace(credentials.password(), "***");
        }
        for (Token t : tokens.values()) {
            if (t.value().length() >= 8) {
                out = out.replace(t.value(), "***");
            }
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

    // ---------------------------------------------------------------- internals: small helpers

    private HttpUrl api(String repository, String... segments) {
        checkRepository(repository);
        if (segments.length == 2 && (segments[0].equals("manifests") || segments[0].equals("blobs"))) {
            checkReference(segments[1]);
        }
        ensurePinged();
        HttpUrl.Builder b = base.newBuilder().addPathSegment("v2");
        for (String part : repository.split("/")) {
            b.addPathSegment(part);
        }
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    private static void checkRepository(String repository) {
        if (repository == null || !REPOSITORY.matcher(repository).matches()) {
            throw new IllegalArgumentException("invalid repository name \"" + repository + "\"");
        }
    }

    private static void checkReference(String reference) {
        if (!TAG.matcher(reference).matches() && !Digest.isValid(reference)) {
            throw new IllegalArgumentException("invalid tag or digest \"" + reference + "\"");
        }
    }

    private static String display(String repository, String reference) {
        return repository + (Digest.isValid(reference) ? "@" : ":") + reference;
    }

    private static List<String> pull(String repository) {
        return List.of("repository:" + repository + ":pull");
    }

    private static List<String> pullPush(String repository) {
        return List.of("repository:" + repository + ":pull,push");
    }

    private static Digest headerDigest(Response r) {
        String h = r.header("Docker-Content-Digest");
        return h != null && Digest.isValid(h.trim()) ? Digest.parse(h.trim()) : null;
    }

    private void checkDeclaredLength(Response r, int limit, String what, String method, HttpUrl url) {
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

    private byte[] readBounded(Response r, int limit, String what, String method, HttpUrl url) throws IOException {
        try {
            return BoundedRead.readAll(r.body().byteStream(), limit, what);
        } catch (RegistryException e) {
            throw e;
        } catch (SkiffException e) {
            throw new RegistryException(e.getMessage(), r.code(), method, redact(url), List.of(), false, null);
        }
    }

    private static HttpUrl nextPage(Response r) {
        for (String link : r.headers("Link")) {
            Matcher m = LINK_NEXT.matcher(link);
            if (m.find()) {
                return r.request().url().resolve(m.group(1));
            }
        }
        return null;
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
