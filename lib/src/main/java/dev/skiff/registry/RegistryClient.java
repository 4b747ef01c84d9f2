package dev.skiff.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.Hint;
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
import java.security.DigestInputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import okhttp3.Headers;
import okhttp3.HttpUrl;
import okhttp3.RequestBody;
import okhttp3.Response;

/**
 * A client for one registry's distribution API ({@code /v2/}), for one set of credentials and TLS
 * settings: manifests, blobs, uploads, mounts and tags. Thread-safe: one instance serves the
 * parallel blob transfers of a copy.
 *
 * <p>Each operation is a {@link RegistryRequest} sent through the one {@link RegistryTransport}
 * (scheme, redirects, retries, authentication, error wording, scrubbing). Every failure is a
 * {@link RegistryException} whose message never contains a secret and whose hint says what to try.
 */
public final class RegistryClient implements AutoCloseable {
    private static final okhttp3.MediaType OCTET_STREAM = StreamBody.OCTET_STREAM;
    private static final String JSON = "application/json";

    private final String registry;
    private final String apiHost;
    private final CredentialSource credentials;
    private final boolean tlsVerify;
    private final RegistryTransport transport;

    public RegistryClient(String registry, Credentials credentials, boolean tlsVerify, Path certDir) {
        this(
                registry,
                credentials == null ? CredentialSource.ANONYMOUS : CredentialSource.of(credentials),
                tlsVerify,
                certDir);
    }

    /** A client whose credentials are looked up in {@code credentials} only when the registry asks for them. */
    public RegistryClient(String registry, CredentialSource credentials, boolean tlsVerify, Path certDir) {
        this(
                registry,
                new TransportOptions(null, tlsVerify, certDir)
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
        this.transport = new RegistryTransport(registry, apiHost, options);
    }

    /**
     * Loads and initialises the HTTP client's classes (OkHttp, its host name tables) without any
     * I/O, so that a command line can do it on another core while it parses its arguments.
     */
    public static void warmUp() {
        warmUpUrls();
        HttpUrl url = HttpUrl.get("http://127.0.0.1:5000/v2/");
        new okhttp3.Request.Builder()
                .url(url)
                .head()
                .header("Accept", MediaType.MANIFEST_ACCEPT)
                .build();
        HttpClients.cleartext();
    }

    /** URL parsing, whose first use loads Kotlin and the IDNA tables (about 25 ms on a cold JVM). */
    public static void warmUpUrls() {
        HttpUrl.get("http://127.0.0.1:5000/").resolve("/v2/");
    }

    /** A client for {@code registry} (as it appears in image names, e.g. {@code docker.io}). */
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
        return transport.base().toString();
    }

    /**
     * Closes the connections this client keeps alive. Idempotent; the client stays usable (a later
     * request opens a new connection), so a client shared by several users may be closed by each.
     */
    @Override
    public void close() {
        transport.close();
    }

    /** Checks that the registry answers {@code /v2/} and learns its scheme and auth challenge. */
    public void ping() {
        transport.base();
    }

    // ---------------------------------------------------------------- manifests

    /**
     * GETs a manifest by tag or digest (Accept: every manifest type Skiff reads), bounded to 4 MiB. A
     * body cut off in transit is asked for again, as the retry policy allows.
     */
    public RawManifest getManifest(String repository, String reference) {
        String what = "manifest " + display(repository, reference) + " from " + registry;
        return transport.exchange(
                manifest("GET", repository, reference),
                r -> new RawManifest(
                        Bodies.read(r, BoundedRead.MANIFEST_LIMIT, what, transport.errors()),
                        MediaType.base(r.header("Content-Type")),
                        headerDigest(r.header("Docker-Content-Digest"))));
    }

    /**
     * HEADs a manifest: its descriptor (media type, digest, size) when the registry has it, empty when
     * it does not. Falls back to a GET when the registry sends no {@code Docker-Content-Digest}.
     */
    public Optional<Descriptor> headManifest(String repository, String reference) {
        Optional<Optional<Descriptor>> answer = transport.exchange(
                manifest("HEAD", repository, reference).withAccepted(404),
                r -> r.code() == 404
                        ? Optional.<Optional<Descriptor>>empty()
                        : Optional.of(Optional.ofNullable(descriptor(r))));
        if (answer.isEmpty()) {
            return Optional.empty();
        }
        if (answer.get().isPresent()) {
            return answer.get();
        }
        RawManifest m = getManifest(repository, reference);
        return Optional.of(Descriptor.of(m.contentType(), m.digest(), m.raw().length));
    }

    private RegistryRequest manifest(String method, String repository, String reference) {
        String shown = display(repository, reference);
        return RegistryRequest.of(method, repository, path(repository, "manifests", reference))
                .withScopes(RegistryRequest.pull(repository))
                .withAccept(MediaType.MANIFEST_ACCEPT)
                .withWhat("cannot read manifest " + shown + " from " + registry)
                .withMissing(e -> "no image " + shown + " in " + registry, "MANIFEST_UNKNOWN", "NAME_UNKNOWN");
    }

    /**
     * PUTs a manifest under a tag or digest with its own media type as Content-Type; the bytes are
     * sent unchanged. Returns the digest of those bytes.
     */
    public Digest putManifest(String repository, String reference, byte[] raw, String mediaType) {
        Digest digest = Digest.sha256(raw);
        String shown = display(repository, reference);
        RegistryRequest put = RegistryRequest.of("PUT", repository, path(repository, "manifests", reference))
                .withScopes(RegistryRequest.pullPush(repository))
                .withBody(RequestBody.create(raw, okhttp3.MediaType.get(mediaType)))
                .withWhat("cannot push manifest " + shown + " to " + registry);
        return transport.exchange(put, r -> {
            Digest stored = headerDigest(r.header("Docker-Content-Digest"));
            if (stored != null && !stored.equals(digest)) {
                throw transport
                        .errors()
                        .of(
                                registry + " stored manifest " + shown + " as " + stored + " but its bytes hash to "
                                        + digest,
                                r.code(),
                                "PUT",
                                r.request().url());
            }
            return digest;
        });
    }

    // ---------------------------------------------------------------- blobs

    /** True when the repository has the blob (HEAD 200), false on 404. */
    public boolean blobExists(String repository, Digest digest) {
        RegistryRequest head = RegistryRequest.of("HEAD", repository, path(repository, "blobs", digest.toString()))
                .withScopes(RegistryRequest.pull(repository))
                .withAccepted(404)
                .withWhat("cannot check for blob " + digest + " in " + repository + " at " + registry);
        return transport.exchange(head, r -> r.code() != 404);
    }

    /**
     * Opens a blob's bytes as a stream, following redirects to storage hosts (without Authorization
     * when they are another host) and resuming a cut download. Nothing is buffered; the caller
     * verifies and closes.
     */
    public InputStream getBlob(String repository, Digest digest) {
        RegistryRequest get = RegistryRequest.of("GET", repository, path(repository, "blobs", digest.toString()))
                .withScopes(RegistryRequest.pull(repository))
                .withWhat("cannot read blob " + digest + " from " + repository + " at " + registry)
                .withMissing(
                        e -> "blob " + digest + " is not in " + repository + " at " + registry + " (" + e.summary()
                                + ")",
                        "BLOB_UNKNOWN");
        HttpUrl url = transport.url(get);
        ResumingBlobStream.Opener opener = offset -> transport.open(
                get.withHeaders(
                        offset == 0
                                // identity: the digest is over the stored bytes, and a range is only meaningful on
                                // them.
                                ? Headers.of("Accept-Encoding", "identity")
                                : Headers.of("Accept-Encoding", "identity", "Range", "bytes=" + offset + "-")),
                url);
        try {
            return new ResumingBlobStream(
                    opener.open(0), opener, transport.retry(), transport.debug(), "blob " + digest);
        } catch (IOException e) {
            throw transport.errors().connection(e, "GET", url);
        }
    }

    /**
     * Uploads a blob monolithically: POST an upload session, then PUT the stream to its Location with
     * {@code ?digest=}. The stream is written as it is read, never buffered whole; when it fails (a
     * {@link dev.skiff.io.BlobVerificationException} from a verifying stream) the upload is aborted before its last
     * bytes are sent, so the registry never completes it, and that exception is rethrown.
     */
    public void uploadBlob(String repository, Digest digest, long size, InputStream content) throws IOException {
        HttpUrl location = startUpload(repository, "blob " + digest);
        HttpUrl put = location.newBuilder()
                .addQueryParameter("digest", digest.toString())
                .build();
        StreamBody body = new StreamBody(content, size);
        boolean done = false;
        try {
            transport.exchange(
                    upload("PUT", repository, put)
                            .withBody(body)
                            .withWhat("cannot push blob " + digest + " to " + repository + " at " + registry),
                    r -> null);
            done = true;
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
        HttpUrl location = startUpload(repository, "a blob");
        DigestInputStream hashing = new DigestInputStream(content, Digest.newSha256());
        StreamBody body = new StreamBody(hashing, -1);
        boolean done = false;
        try {
            HttpUrl next;
            try {
                next = transport.exchange(
                        upload("PATCH", repository, location)
                                .withBody(body)
                                .withWhat("cannot upload a blob to " + repository + " at " + registry),
                        r -> {
                            String moved = r.header("Location");
                            return moved == null ? location : r.request().url().resolve(moved);
                        });
            } catch (RuntimeException e) {
                if (body.failure != null) {
                    throw body.failure;
                }
                throw e;
            }
            Digest digest = Digest.sha256(hashing.getMessageDigest());
            HttpUrl put = next.newBuilder()
                    .addQueryParameter("digest", digest.toString())
                    .build();
            // No body: the PUT is replayable, so it may be retried as any small request.
            transport.exchange(
                    upload("PUT", repository, put)
                            .withBody(RequestBody.create(new byte[0], OCTET_STREAM))
                            .withWhat("cannot push blob " + digest + " to " + repository + " at " + registry),
                    r -> null);
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
        RegistryRequest mount = RegistryRequest.of(
                        "POST",
                        repository,
                        path(repository, "blobs", "uploads", "") + "?mount=" + digest + "&from=" + fromRepository)
                .withScopes(
                        List.of("repository:" + repository + ":pull,push", "repository:" + fromRepository + ":pull"))
                .withBody(RequestBody.create(new byte[0], OCTET_STREAM))
                .withAccepted(404)
                .withWhat("cannot mount blob " + digest + " from " + fromRepository + " into " + repository + " at "
                        + registry);
        Mount answer = transport.exchange(mount, r -> {
            String location = r.header("Location");
            return new Mount(
                    r.code() == 201,
                    r.code() != 202 || location == null
                            ? null
                            : r.request().url().resolve(location));
        });
        if (answer.cancel() != null) {
            cancelUpload(answer.cancel(), repository);
        }
        return answer.mounted();
    }

    /** What a mount request gave: mounted, or an upload session to cancel (or neither: the blob is unknown there). */
    private record Mount(boolean mounted, HttpUrl cancel) {}

    // ---------------------------------------------------------------- referrers

    /**
     * The referrers API ({@code GET /v2/<name>/referrers/<digest>}, OCI distribution 1.1): the index
     * of manifests whose subject is {@code subject}, asked for {@code artifactType} only when not
     * null; empty when the registry answers 404, which the spec says means it has no such API.
     */
    public Optional<byte[]> referrers(String repository, Digest subject, String artifactType) {
        String query = artifactType == null
                ? ""
                : "?artifactType=" + java.net.URLEncoder.encode(artifactType, java.nio.charset.StandardCharsets.UTF_8);
        String what = "referrers of " + repository + "@" + subject + " from " + registry;
        RegistryRequest get = RegistryRequest.of(
                        "GET", repository, path(repository, "referrers", subject.toString()) + query)
                .withScopes(RegistryRequest.pull(repository))
                .withAccept(MediaType.OCI_INDEX)
                .withAccepted(404)
                .withWhat("cannot list the " + what);
        return transport.exchange(
                get,
                r -> r.code() == 404
                        ? Optional.<byte[]>empty()
                        : Optional.of(Bodies.read(r, BoundedRead.MANIFEST_LIMIT, what, transport.errors())));
    }

    // ---------------------------------------------------------------- tags, catalog

    /** All tags of a repository, following {@code Link: <…>; rel="next"} pages. */
    public List<String> listTags(String repository) {
        return listTags(repository, 0);
    }

    /** Like {@link #listTags(String)}, asking for {@code pageSize} tags per page ({@code n=}) when positive. */
    public List<String> listTags(String repository, int pageSize) {
        RegistryRequest list = RegistryRequest.of(
                        "GET", repository, path(repository, "tags", "list") + pageQuery(pageSize))
                .withScopes(RegistryRequest.pull(repository))
                .withAccept(JSON)
                .withWhat("cannot list tags of " + repository + " at " + registry)
                .withMissing(
                        e -> "no repository " + repository + " in " + registry + " (" + e.summary() + ")",
                        "NAME_UNKNOWN");
        return pages(list, "tags", "tag list of " + repository);
    }

    /** The registry's repositories ({@code /v2/_catalog}), following {@code Link} pages; {@code pageSize} > 0 sets {@code n=}. */
    public List<String> catalog(int pageSize) {
        RegistryRequest list = RegistryRequest.of("GET", null, "/v2/_catalog" + pageQuery(pageSize))
                .withScopes(List.of("registry:catalog:*"))
                .withAccept(JSON)
                .withWhat("cannot list the repositories of " + registry);
        return pages(list, "repositories", "catalog of " + registry);
    }

    private List<String> pages(RegistryRequest first, String field, String what) {
        List<String> all = new ArrayList<>();
        Pages.each(
                transport.url(first),
                url -> transport.exchange(
                        first.withTarget(url.toString()),
                        r -> new Pages.Page(
                                strings(
                                        Bodies.read(
                                                r,
                                                BoundedRead.MANIFEST_LIMIT,
                                                what + " from " + registry,
                                                transport.errors()),
                                        field,
                                        what),
                                Pages.next(r, transport.errors(), registry))),
                all::addAll);
        return all;
    }

    private static String pageQuery(int pageSize) {
        return pageSize > 0 ? "?n=" + pageSize : "";
    }

    /** The strings of array {@code field} of a JSON document (a tag list, a catalog page). */
    private static List<String> strings(byte[] json, String field, String what) {
        List<String> out = new ArrayList<>();
        JsonNode list = Json.parse(json, what).get(field);
        if (list != null && list.isArray()) {
            list.forEach(t -> out.add(t.asText()));
        }
        return out;
    }

    // ---------------------------------------------------------------- login, delete

    /**
     * Checks the credentials as {@code login} does: {@code GET /v2/} through the registry's auth flow
     * (Basic, or a token from the realm with no scope). A refusal is a 401 {@link RegistryException}
     * in skopeo's words, {@code logging into "REGISTRY": invalid username/password}.
     */
    public void checkCredentials() {
        RegistryRequest check = RegistryRequest.of("GET", null, "/v2/")
                .withWhat("cannot log into " + registry)
                .withAccepted(401);
        try {
            int status = transport.exchange(check, Response::code);
            if (status == 401) {
                throw invalidLogin(401);
            }
        } catch (RegistryException e) {
            if (e.status() == 401 || e.status() == 403) {
                throw invalidLogin(e.status());
            }
            throw e;
        }
    }

    private RegistryException invalidLogin(int status) {
        return transport
                .errors()
                .of(
                        "logging into \"" + registry + "\": invalid username/password",
                        status,
                        "GET",
                        transport.base().resolve("/v2/"));
    }

    /**
     * Deletes a manifest by digest ({@code DELETE /v2/REPO/manifests/DIGEST}, scope {@code delete}).
     * A registry that has deletion turned off (405, {@code UNSUPPORTED}) gets an error saying how to
     * turn it on; nothing else is touched.
     */
    public void deleteManifest(String repository, Digest digest) {
        String shown = repository + "@" + digest;
        RegistryRequest delete = RegistryRequest.of(
                        "DELETE", repository, path(repository, "manifests", digest.toString()))
                .withScopes(List.of("repository:" + repository + ":delete"))
                .withWhat("cannot delete " + shown + " at " + registry)
                .withMissing(
                        e -> "no image " + shown + " in " + registry + " (" + e.summary() + ")",
                        "MANIFEST_UNKNOWN",
                        "NAME_UNKNOWN");
        try {
            transport.exchange(delete, r -> null);
        } catch (RegistryException e) {
            if (e.status() != 405 && !e.hasCode("UNSUPPORTED")) {
                throw e;
            }
            throw transport
                    .errors()
                    .of(
                            "registry at " + registry + " refused DELETE of " + shown + " (" + e.status()
                                    + (e.codes().isEmpty() ? "" : " " + String.join(", ", e.codes()))
                                    + "): deletion is disabled there; start it with storage.delete.enabled=true"
                                    + " (or REGISTRY_STORAGE_DELETE_ENABLED=true)",
                            e.status(),
                            "DELETE",
                            transport.url(delete),
                            e.codes(),
                            Hint.NONE);
        }
    }

    @Override
    public String toString() {
        return "RegistryClient[" + registry + (apiHost.equals(registry) ? "" : " via " + apiHost)
                + (tlsVerify ? "" : ", tls-verify=false") + ", credentials " + credentials + "]";
    }

    // ---------------------------------------------------------------- internals

    private RegistryRequest upload(String method, String repository, HttpUrl at) {
        return RegistryRequest.of(method, repository, at.toString()).withScopes(RegistryRequest.pullPush(repository));
    }

    /** POSTs an upload session for {@code blob} ("blob sha256:…" or "a blob"); its Location. */
    private HttpUrl startUpload(String repository, String blob) {
        RegistryRequest start = RegistryRequest.of("POST", repository, path(repository, "blobs", "uploads", ""))
                .withScopes(RegistryRequest.pullPush(repository))
                .withBody(RequestBody.create(new byte[0], OCTET_STREAM))
                .withWhat("cannot start uploading " + blob + " to " + repository + " at " + registry);
        HttpUrl location = transport.exchange(start, r -> {
            String l = r.header("Location");
            return l == null ? null : r.request().url().resolve(l);
        });
        if (location == null) {
            throw transport
                    .errors()
                    .of(
                            registry + " did not start an upload " + (blob.equals("a blob") ? "" : "for " + blob + " ")
                                    + "in " + repository + " (202 without Location)",
                            202,
                            "POST",
                            transport.url(start));
        }
        return location;
    }

    private void cancelUpload(HttpUrl location, String repository) {
        try {
            transport.exchange(upload("DELETE", repository, location), r -> null);
        } catch (RuntimeException ignored) {
            // best effort: the registry also expires abandoned uploads
        }
    }

    /** {@code /v2/REPOSITORY/PART…}; the checks leave only characters a URL path takes as they are. */
    private static String path(String repository, String... parts) {
        checkRepository(repository);
        if (parts.length == 2 && (parts[0].equals("manifests") || parts[0].equals("blobs"))) {
            checkReference(parts[1]);
        }
        return "/v2/" + repository + "/" + String.join("/", parts);
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

    /** The manifest a HEAD answer describes, when it says its digest and length (else null: a GET must tell). */
    private static Descriptor descriptor(Response r) {
        Digest digest = headerDigest(r.header("Docker-Content-Digest"));
        String length = r.header("Content-Length");
        if (digest == null || length == null) {
            return null;
        }
        try {
            return Descriptor.of(MediaType.base(r.header("Content-Type")), digest, Long.parseLong(length.trim()));
        } catch (NumberFormatException e) {
            return null;
        }
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
}
