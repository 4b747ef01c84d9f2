package dev.skiff.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.auth.CredentialSource;
import dev.skiff.auth.Credentials;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Descriptor;
import dev.skiff.model.Json;
import dev.skiff.model.MediaType;
import dev.skiff.name.Digest;
import dev.skiff.name.InvalidReferenceException;
import dev.skiff.name.NameRules;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.function.UnaryOperator;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client for one registry's distribution API ({@code /v2/}), for one set of credentials and TLS
 * settings: manifests, blobs, uploads, mounts and tags. Thread-safe: one instance serves the
 * parallel blob transfers of a copy.
 *
 * <p>The HTTP exchange (ping, scheme, redirects, retries, error messages, scrubbing) is
 * {@link RegistryHttp}; authentication (challenges, Basic, bearer tokens, realm checks) is
 * {@link RegistryAuth}. Every failure is a {@link RegistryException} whose message says what to
 * try and never contains a secret.
 */
public final class RegistryClient implements AutoCloseable {
    private static final Pattern LINK_NEXT = Pattern.compile("<([^>]*)>\\s*;[^,]*rel=\"?next\"?");
    private static final int MAX_TAG_PAGES = 10_000;
    private static final okhttp3.MediaType OCTET_STREAM = StreamBody.OCTET_STREAM;
    private static final Headers ACCEPT_MANIFESTS = Headers.of("Accept", MediaType.MANIFEST_ACCEPT);

    private final String registry;
    private final String apiHost;
    private final CredentialSource credentials;
    private final boolean tlsVerify;
    private final RegistryHttp http;

    public RegistryClient(String registry, Credentials credentials, boolean tlsVerify, Path certDir) {
        this(registry, credentials == null ? CredentialSource.ANONYMOUS : CredentialSource.of(credentials), tlsVerify, certDir);
    }

    /** A client whose credentials are looked up in {@code credentials} only when the registry asks for them. */
    public RegistryClient(String registry, CredentialSource credentials, boolean tlsVerify, Path certDir) {
        this(registry, new TransportOptions(null, tlsVerify, certDir)
                .withCredentialSource(credentials == null ? CredentialSource.ANONYMOUS : credentials));
    }

    private RegistryClient(String registry, TransportOptions options) {
        if (registry == null || registry.isEmpty()) {
            throw new IllegalArgumentException("a registry client needs a registry host");
        }
        this.registry = registry;
        this.apiHost = RegistryHosts.apiHost(registry);
        this.credentials = options.effectiveCredentials();
        this.tlsVerify = options.tlsVerify();
        this.http = new RegistryHttp(registry, apiHost, options);
    }

    /** A client for {@code registry} (as it appears in image names, e.g. {@code docker.io}). */
    /**
     * Loads and initialises the HTTP client's classes (OkHttp, its host name tables) without any
     * I/O, so that a command line can do it on another core while it parses its arguments.
     */
    public static void warmUp() {
        warmUpUrls();
        HttpUrl url = HttpUrl.get("http://127.0.0.1:5000/v2/");
        new okhttp3.Request.Builder().url(url).head().header("Accept", MediaType.MANIFEST_ACCEPT).build();
        HttpClients.cleartext();
    }

    /**
     * Only what every registry client needs, OkHttp or not: URL parsing, whose first use loads
     * Kotlin and the IDNA tables (about 25 ms on a cold JVM).
     */
    public static void warmUpUrls() {
        HttpUrl.get("http://127.0.0.1:5000/").resolve("/v2/");
    }

    public static RegistryClient forRegistry(String registry, TransportOptions options) {
        TransportOptions o = options == null ? TransportOptions.defaults() : options;
        return new RegistryClient(registry, o);
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
        http.ensurePinged();
        return http.base().toString();
    }

    /**
     * Closes the connections this client keeps alive for manifest HEADs. The client stays usable
     * (a later request opens a new connection); OkHttp's pool is shared by every client and closes
     * its idle connections itself.
     */
    @Override
    public void close() {
        http.close();
    }

    /** Checks that the registry answers {@code /v2/} and learns its scheme and auth challenge. */
    public void ping() {
        http.ensurePinged();
    }

    // ---------------------------------------------------------------- manifests

    /**
     * GETs a manifest by tag or digest (Accept: every manifest type Skiff reads), bounded to 4 MiB. A
     * body cut off in transit is asked for again, as the retry policy allows.
     */
    public RawManifest getManifest(String repository, String reference) {
        HttpUrl url = api(repository, "manifests", reference);
        for (int retries = 0; ; retries++) {
            try (Response r = http.send("GET", url, null, ACCEPT_MANIFESTS, pull(repository), repository)) {
                if (!r.isSuccessful()) {
                    throw manifestError(r, "GET", repository, reference);
                }
                String what = "manifest " + display(repository, reference) + " from " + registry;
                http.checkDeclaredLength(r, BoundedRead.MANIFEST_LIMIT, what, "GET", url);
                byte[] raw;
                try {
                    raw = http.readBounded(r, BoundedRead.MANIFEST_LIMIT, what, "GET", url);
                } catch (IOException cut) {
                    if (retries < http.retry().times() && RegistryHttp.isRetryableFailure(cut)) {
                        http.pause(retries, null, "GET", url, "a cut in " + what);
                        continue;
                    }
                    throw retries == 0 ? cut : new RegistryHttp.RetriesExhausted(retries + 1, cut);
                }
                return new RawManifest(raw, MediaType.base(r.header("Content-Type")), headerDigest(r));
            } catch (IOException e) {
                throw http.connectionError(e, "GET", url);
            }
        }
    }

    /**
     * HEADs a manifest: its descriptor (media type, digest, size) when the registry has it, empty when
     * it does not. Falls back to a GET when the registry sends no {@code Docker-Content-Digest}.
     */
    public Optional<Descriptor> headManifest(String repository, String reference) {
        checkRepository(repository);
        checkReference(reference);
        // The checks above leave only characters a URL path takes as they are.
        KeptAlive.Answer quick = http.quickHead("/v2/" + repository + "/manifests/" + reference,
                MediaType.MANIFEST_ACCEPT, pull(repository), repository);
        if (quick != null) {
            if (quick.code() == 404) {
                return Optional.empty();
            }
            Optional<Descriptor> found = descriptor(quick::header);
            return found.isPresent() ? found : Optional.of(fetchedDescriptor(repository, reference));
        }
        HttpUrl url = api(repository, "manifests", reference);
        try (Response r = http.send("HEAD", url, null, ACCEPT_MANIFESTS, pull(repository), repository)) {
            if (r.code() == 404) {
                return Optional.empty();
            }
            if (!r.isSuccessful()) {
                throw manifestError(r, "HEAD", repository, reference);
            }
            Optional<Descriptor> found = descriptor(r::header);
            if (found.isPresent()) {
                return found;
            }
        } catch (IOException e) {
            throw http.connectionError(e, "HEAD", url);
        }
        return Optional.of(fetchedDescriptor(repository, reference));
    }

    /** A registry that does not say the digest in a HEAD answer: GET the manifest and hash it. */
    private Descriptor fetchedDescriptor(String repository, String reference) {
        RawManifest m = getManifest(repository, reference);
        return Descriptor.of(m.contentType(), m.digest(), m.raw().length);
    }

    /**
     * PUTs a manifest under a tag or digest with its own media type as Content-Type; the bytes are
     * sent unchanged. Returns the digest of those bytes.
     */
    public Digest putManifest(String repository, String reference, byte[] raw, String mediaType) {
        HttpUrl url = api(repository, "manifests", reference);
        Digest digest = Digest.sha256(raw);
        RequestBody body = RequestBody.create(raw, okhttp3.MediaType.get(mediaType));
        try (Response r = http.send("PUT", url, body, Headers.of(), pullPush(repository), repository)) {
            if (!r.isSuccessful()) {
                throw http.fail(r, "PUT", "cannot push manifest " + display(repository, reference) + " to " + registry, repository);
            }
            Digest stored = headerDigest(r);
            if (stored != null && !stored.equals(digest)) {
                throw new RegistryException(registry + " stored manifest " + display(repository, reference) + " as "
                        + stored + " but its bytes hash to " + digest, r.code(), "PUT", RegistryHttp.redact(url), List.of(), false, null);
            }
            return digest;
        } catch (IOException e) {
            throw http.connectionError(e, "PUT", url);
        }
    }

    // ---------------------------------------------------------------- blobs

    /** True when the repository has the blob (HEAD 200), false on 404. */
    public boolean blobExists(String repository, Digest digest) {
        HttpUrl url = api(repository, "blobs", digest.toString());
        try (Response r = http.send("HEAD", url, null, Headers.of(), pull(repository), repository)) {
            if (r.code() == 404) {
                return false;
            }
            if (!r.isSuccessful()) {
                throw http.fail(r, "HEAD", "cannot check for blob " + digest + " in " + repository + " at " + registry, repository);
            }
            return true;
        } catch (IOException e) {
            throw http.connectionError(e, "HEAD", url);
        }
    }

    /**
     * Opens a blob's bytes as a stream, following redirects to storage hosts (without Authorization
     * when they are another host). Nothing is buffered; the caller verifies and closes.
     */
    public InputStream getBlob(String repository, Digest digest) {
        HttpUrl url = api(repository, "blobs", digest.toString());
        String what = "blob " + digest;
        ResumingBlobStream.Opener opener = offset -> openBlob(repository, digest, url, offset);
        try {
            return new ResumingBlobStream(opener.open(0), opener, http, what);
        } catch (IOException e) {
            throw http.connectionError(e, "GET", url);
        }
    }

    /** GETs a blob, from {@code offset} with a Range header when it is positive; a successful response. */
    private Response openBlob(String repository, Digest digest, HttpUrl url, long offset) throws IOException {
        // identity: the digest is over the stored bytes, and a range is only meaningful on them.
        Headers headers = offset == 0 ? Headers.of("Accept-Encoding", "identity")
                : Headers.of("Accept-Encoding", "identity", "Range", "bytes=" + offset + "-");
        Response r = http.send("GET", url, null, headers, pull(repository), repository);
        try {
            if (!r.isSuccessful()) {
                ErrorBody e = http.errorBody(r);
                if (e.status() == 404 || e.codes().contains("BLOB_UNKNOWN")) {
                    throw http.error("blob " + digest + " is not in " + repository + " at " + registry + " (" + e.summary() + ")",
                            e, "GET", r.request().url());
                }
                throw http.failWith(e, r, "GET", "cannot read blob " + digest + " from " + repository + " at " + registry, repository);
            }
            return r;
        } catch (RuntimeException e) {
            r.close();
            throw e;
        }
    }

    /**
     * Uploads a blob monolithically: POST an upload session, then PUT the stream to its Location with
     * {@code ?digest=}. The stream is written as it is read, never buffered whole; when it fails (a
     * {@link dev.skiff.io.BlobVerificationException} from a verifying stream) the upload is aborted before its last
     * bytes are sent, so the registry never completes it, and that exception is rethrown.
     */
    public void uploadBlob(String repository, Digest digest, long size, InputStream content) throws IOException {
        HttpUrl location = startUpload(repository, api(repository, "blobs", "uploads", ""), digest);
        if (location == null) {
            throw new RegistryException(registry + " did not start an upload for blob " + digest + " in " + repository
                    + " (202 without Location)", 202, "POST", RegistryHttp.redact(api(repository, "blobs", "uploads", "")), List.of(), false, null);
        }
        HttpUrl put = location.newBuilder().addQueryParameter("digest", digest.toString()).build();
        StreamBody body = new StreamBody(content, size);
        boolean done = false;
        try (Response r = http.send("PUT", put, body, Headers.of(), pullPush(repository), repository)) {
            if (!r.isSuccessful()) {
                throw http.fail(r, "PUT", "cannot push blob " + digest + " to " + repository + " at " + registry, repository);
            }
            done = true;
        } catch (IOException e) {
            if (body.failure != null) {
                throw body.failure;
            }
            throw http.connectionError(e, "PUT", put);
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
                    + " (202 without Location)", 202, "POST", RegistryHttp.redact(start), List.of(), false, null);
        }
        java.security.DigestInputStream hashing = new java.security.DigestInputStream(content, Digest.newSha256());
        StreamBody body = new StreamBody(hashing, -1);
        boolean done = false;
        try {
            HttpUrl next;
            try (Response r = http.send("PATCH", location, body, Headers.of(), pullPush(repository), repository)) {
                if (!r.isSuccessful()) {
                    throw http.fail(r, "PATCH", "cannot upload a blob to " + repository + " at " + registry, repository);
                }
                String moved = r.header("Location");
                next = moved == null ? location : r.request().url().resolve(moved);
            } catch (IOException e) {
                if (body.failure != null) {
                    throw body.failure;
                }
                throw http.connectionError(e, "PATCH", location);
            } catch (RuntimeException e) {
                if (body.failure != null) {
                    throw body.failure;
                }
                throw e;
            }
            Digest digest = Digest.sha256(hashing.getMessageDigest());
            HttpUrl put = next.newBuilder().addQueryParameter("digest", digest.toString()).build();
            // No body: the PUT is replayable, so RegistryHttp may retry it as any small request.
            try (Response r = http.send("PUT", put, RequestBody.create(new byte[0], OCTET_STREAM), Headers.of(), pullPush(repository), repository)) {
                if (!r.isSuccessful()) {
                    throw http.fail(r, "PUT", "cannot push blob " + digest + " to " + repository + " at " + registry, repository);
                }
            } catch (IOException e) {
                throw http.connectionError(e, "PUT", put);
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
        try (Response r = http.send("POST", url, RequestBody.create(new byte[0], OCTET_STREAM), Headers.of(), scopes, repository)) {
            if (r.code() == 201) {
                return true;
            }
            if (r.code() == 202) {
                String loc = r.header("Location");
                cancel = loc == null ? null : r.request().url().resolve(loc);
            } else if (r.code() != 404) {
                throw http.fail(r, "POST", "cannot mount blob " + digest + " from " + fromRepository + " into " + repository
                        + " at " + registry, repository);
            }
        } catch (IOException e) {
            throw http.connectionError(e, "POST", url);
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
        if (pageSize <= 0) {
            List<String> quick = quickTags(repository);
            if (quick != null) {
                return quick;
            }
        }
        HttpUrl url = api(repository, "tags", "list");
        if (pageSize > 0) {
            url = url.newBuilder().addQueryParameter("n", Integer.toString(pageSize)).build();
        }
        List<String> tags = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int page = 0; url != null && page < MAX_TAG_PAGES && seen.add(url.toString()); page++) {
            try (Response r = http.send("GET", url, null, Headers.of("Accept", "application/json"), pull(repository), repository)) {
                if (!r.isSuccessful()) {
                    ErrorBody e = http.errorBody(r);
                    if (e.status() == 404 || e.codes().contains("NAME_UNKNOWN")) {
                        throw http.error("no repository " + repository + " in " + registry + " (" + e.summary() + ")", e, "GET", url);
                    }
                    throw http.failWith(e, r, "GET", "cannot list tags of " + repository + " at " + registry, repository);
                }
                byte[] raw = http.readBounded(r, BoundedRead.MANIFEST_LIMIT, "tag list of " + repository + " from " + registry, "GET", url);
                addStrings(raw, "tags", "tag list of " + repository, tags);
                url = nextPage(r);
            } catch (IOException e) {
                throw http.connectionError(e, "GET", url);
            }
        }
        return tags;
    }

    /**
     * The tags in one plain answer on a socket of our own, or null for the full path (an answer
     * with a next page, an error to report, a token to fetch first…).
     */
    private List<String> quickTags(String repository) {
        checkRepository(repository);
        KeptAlive.Answer answer = http.quickGet("/v2/" + repository + "/tags/list", "application/json",
                pull(repository), repository, BoundedRead.MANIFEST_LIMIT);
        if (answer == null || answer.code() != 200 || answer.header("Link") != null) {
            return null;
        }
        List<String> tags = new ArrayList<>();
        addStrings(answer.body(), "tags", "tag list of " + repository, tags);
        return tags;
    }

    /** Adds the strings of array {@code field} of a JSON document (a tag list, a catalog page) to {@code into}. */
    private static void addStrings(byte[] json, String field, String what, List<String> into) {
        JsonNode list = Json.parse(json, what).get(field);
        if (list != null && list.isArray()) {
            list.forEach(t -> into.add(t.asText()));
        }
    }

    // ---------------------------------------------------------------- login, catalog, delete

    /**
     * Checks the credentials as {@code login} does: {@code GET /v2/} through the registry's auth flow
     * (Basic, or a token from the realm with no scope). A refusal is a 401 {@link RegistryException}
     * in skopeo's words, {@code logging into "REGISTRY": invalid username/password}.
     */
    public void checkCredentials() {
        http.ensurePinged();
        HttpUrl url = http.base().resolve("/v2/");
        try (Response r = http.send("GET", url, null, Headers.of(), List.of(), null)) {
            if (r.code() == 401) {
                throw invalidLogin(http.errorBody(r).status(), url);
            }
            if (!r.isSuccessful()) {
                throw http.fail(r, "GET", "cannot log into " + registry, null);
            }
        } catch (RegistryException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw invalidLogin(e.status(), url);
            }
            throw e;
        } catch (IOException e) {
            throw http.connectionError(e, "GET", url);
        }
    }

    private RegistryException invalidLogin(int status, HttpUrl url) {
        return new RegistryException("logging into \"" + registry + "\": invalid username/password", status, "GET",
                RegistryHttp.redact(url), List.of(), false, null);
    }

    /** The registry's repositories ({@code /v2/_catalog}), following {@code Link} pages; {@code pageSize} > 0 sets {@code n=}. */
    public List<String> catalog(int pageSize) {
        http.ensurePinged();
        HttpUrl url = http.base().resolve("/v2/_catalog");
        if (pageSize > 0) {
            url = url.newBuilder().addQueryParameter("n", Integer.toString(pageSize)).build();
        }
        List<String> repositories = new ArrayList<>();
        Set<String> seen = new LinkedHashSet<>();
        for (int page = 0; url != null && page < MAX_TAG_PAGES && seen.add(url.toString()); page++) {
            try (Response r = http.send("GET", url, null, Headers.of("Accept", "application/json"),
                    List.of("registry:catalog:*"), null)) {
                if (!r.isSuccessful()) {
                    throw http.fail(r, "GET", "cannot list the repositories of " + registry, null);
                }
                byte[] raw = http.readBounded(r, BoundedRead.MANIFEST_LIMIT, "catalog of " + registry, "GET", url);
                addStrings(raw, "repositories", "catalog of " + registry, repositories);
                url = nextPage(r);
            } catch (IOException e) {
                throw http.connectionError(e, "GET", url);
            }
        }
        return repositories;
    }

    /**
     * Deletes a manifest by digest ({@code DELETE /v2/REPO/manifests/DIGEST}, scope {@code delete}).
     * A registry that has deletion turned off (405, {@code UNSUPPORTED}) gets an error saying how to
     * turn it on; nothing else is touched.
     */
    public void deleteManifest(String repository, Digest digest) {
        HttpUrl url = api(repository, "manifests", digest.toString());
        try (Response r = http.send("DELETE", url, null, Headers.of(), List.of("repository:" + repository + ":delete"), repository)) {
            if (r.isSuccessful()) {
                return;
            }
            ErrorBody e = http.errorBody(r);
            if (e.status() == 405 || e.codes().contains("UNSUPPORTED")) {
                throw http.error("registry at " + registry + " refused DELETE of " + repository + "@" + digest + " ("
                        + e.status() + (e.codes().isEmpty() ? "" : " " + String.join(", ", e.codes()))
                        + "): deletion is disabled there; start it with storage.delete.enabled=true"
                        + " (or REGISTRY_STORAGE_DELETE_ENABLED=true)", e, "DELETE", url);
            }
            if (e.status() == 404 || e.codes().contains("MANIFEST_UNKNOWN") || e.codes().contains("NAME_UNKNOWN")) {
                throw http.error("no image " + repository + "@" + digest + " in " + registry + " (" + e.summary() + ")", e, "DELETE", url);
            }
            throw http.failWith(e, r, "DELETE", "cannot delete " + repository + "@" + digest + " at " + registry, repository);
        } catch (IOException e) {
            throw http.connectionError(e, "DELETE", url);
        }
    }

    @Override
    public String toString() {
        return "RegistryClient[" + registry + (apiHost.equals(registry) ? "" : " via " + apiHost)
                + (tlsVerify ? "" : ", tls-verify=false") + ", credentials " + credentials + "]";
    }

    // ---------------------------------------------------------------- internals: uploads

    private HttpUrl startUpload(String repository, HttpUrl url, Digest digest) {
        try (Response r = http.send("POST", url, RequestBody.create(new byte[0], OCTET_STREAM), Headers.of(), pullPush(repository), repository)) {
            if (r.code() != 202 && !r.isSuccessful()) {
                throw http.fail(r, "POST", "cannot start uploading " + (digest == null ? "a blob" : "blob " + digest) + " to " + repository + " at " + registry, repository);
            }
            String location = r.header("Location");
            return location == null ? null : r.request().url().resolve(location);
        } catch (IOException e) {
            throw http.connectionError(e, "POST", url);
        }
    }

    private void cancelUpload(HttpUrl location, String repository) {
        try (Response ignored = http.send("DELETE", location, null, Headers.of(), pullPush(repository), repository)) {
            // best effort: the registry also expires abandoned uploads
        } catch (IOException | RuntimeException ignored) {
            // nothing more to do
        }
    }


    private RegistryException manifestError(Response r, String method, String repository, String reference) {
        ErrorBody e = http.errorBody(r);
        if (e.status() == 404 || e.codes().contains("MANIFEST_UNKNOWN") || e.codes().contains("NAME_UNKNOWN")) {
            return http.error("no image " + display(repository, reference) + " in " + registry, e, method, r.request().url());
        }
        return http.failWith(e, r, method, "cannot read manifest " + display(repository, reference) + " from " + registry, repository);
    }

    // ---------------------------------------------------------------- internals: small helpers

    private HttpUrl api(String repository, String... segments) {
        checkRepository(repository);
        if (segments.length == 2 && (segments[0].equals("manifests") || segments[0].equals("blobs"))) {
            checkReference(segments[1]);
        }
        http.ensurePinged();
        HttpUrl.Builder b = http.base().newBuilder().addPathSegment("v2");
        for (String part : repository.split("/")) {
            b.addPathSegment(part);
        }
        for (String s : segments) {
            b.addPathSegment(s);
        }
        return b.build();
    }

    private static void checkRepository(String repository) {
        if (!NameRules.isRepository(repository)) {
            throw new IllegalArgumentException("invalid repository name \"" + repository + "\"");
        }
    }

    private static void checkReference(String reference) {
        if (!NameRules.isTag(reference) && !Digest.isValid(reference)) {
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

    /** The manifest a HEAD answer describes, when it says its digest and length (else a GET must tell). */
    private static Optional<Descriptor> descriptor(UnaryOperator<String> header) {
        Digest digest = headerDigest(header.apply("Docker-Content-Digest"));
        String length = header.apply("Content-Length");
        if (digest == null || length == null) {
            return Optional.empty();
        }
        try {
            return Optional.of(Descriptor.of(MediaType.base(header.apply("Content-Type")), digest, Long.parseLong(length.trim())));
        } catch (NumberFormatException e) {
            return Optional.empty();
        }
    }

    private static Digest headerDigest(Response r) {
        return headerDigest(r.header("Docker-Content-Digest"));
    }

    private static Digest headerDigest(String value) {
        if (value == null) {
            return null;
        }
        try {
            return Digest.parse(value.trim());
        } catch (InvalidReferenceException e) {
            return null;
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
}
