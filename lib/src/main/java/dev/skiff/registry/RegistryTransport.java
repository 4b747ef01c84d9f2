package dev.skiff.registry;

import dev.skiff.auth.CredentialSource;
import dev.skiff.transport.RetryPolicy;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import okhttp3.ConnectionPool;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The one request path to one registry (rule 6b): a {@link RegistryRequest} in, an answer or a
 * {@link RegistryException} out, through one OkHttp client whose interceptors are stacked as ggcr's
 * transports are: {@link RetryInterceptor} (outermost: a retry goes through everything again),
 * {@link RedirectPolicy}, {@link AuthInterceptor}, {@link DebugLog}; {@link RequestGate} around
 * each request written; {@link ChallengeAuthenticator} for a 401's new challenge. The base URL comes
 * from a {@link SchemeProbe} on first use.
 *
 * <p>The client owns its connection pool, so connections to the registry are kept alive across
 * requests (a no-op sync's hundreds of manifest HEADs reuse one or a few) and {@link #close()}
 * releases exactly those; the TLS set-up and the dispatcher come from {@link HttpClients} and are
 * shared. Thread-safe.
 */
final class RegistryTransport implements AutoCloseable {
    /** Sent with every request; registries log it. */
    static final String USER_AGENT = "skiff";
    /** Idle connections kept per client: enough for a copy's parallel blob transfers. */
    private static final int IDLE_CONNECTIONS = 16;

    /** Reads an answer the request accepted; an I/O failure (a cut body) may be retried. */
    interface Reply<T> {
        T read(Response r) throws IOException;
    }

    private final String registry;
    private final String apiHost;
    private final boolean tlsVerify;
    private final Path certDir;
    private final RetryPolicy retry;
    private final Secrets secrets = new Secrets();
    private final RegistryErrors errors;
    private final DebugLog debug;
    private final RegistryAuth auth;
    private final RequestGate gate;
    private final ConnectionPool pool = new ConnectionPool(IDLE_CONNECTIONS, 5, TimeUnit.MINUTES);

    private volatile OkHttpClient tls;
    private volatile OkHttpClient client;
    private volatile OkHttpClient realm;
    private volatile HttpUrl base;

    RegistryTransport(String registry, String apiHost, TransportOptions options) {
        this.registry = registry;
        this.apiHost = apiHost;
        this.tlsVerify = options.tlsVerify();
        this.certDir = options.certDir();
        this.retry = options.retry();
        this.errors = new RegistryErrors(registry, apiHost, secrets);
        this.debug = new DebugLog(options.debug(), secrets);
        CredentialSource credentials = options.effectiveCredentials();
        this.auth = new RegistryAuth(
                registry,
                credentials,
                secrets,
                errors,
                this::realmClient,
                options.extras().registryToken());
        this.gate = RequestGate.of(registry, options.maxRequests());
    }

    RegistryErrors errors() {
        return errors;
    }

    RegistryAuth auth() {
        return auth;
    }

    DebugLog debug() {
        return debug;
    }

    RetryPolicy retry() {
        return retry;
    }

    /** The base URL ({@code https://host/} or {@code http://host/}), pinging once to learn it and the auth challenge. */
    HttpUrl base() {
        HttpUrl b = base;
        return b != null ? b : ping();
    }

    private synchronized HttpUrl ping() {
        if (base == null) {
            SchemeProbe.Found found = new SchemeProbe(registry, apiHost, tlsVerify, debug, errors).ping(client());
            auth.challenged(found.challenge(), found.base());
            base = found.base();
        }
        return base;
    }

    /** The request's URL: its target resolved against the base. */
    HttpUrl url(RegistryRequest request) {
        return base().resolve(request.target());
    }

    /**
     * Sends {@code request} and reads the answer with {@code reply} when it is a 2xx or a status the
     * request accepts; any other answer is the error the request's wording and the status make. A
     * replayable request whose answer is cut while {@code reply} reads it is sent again, as the
     * retry policy allows.
     */
    <T> T exchange(RegistryRequest request, Reply<T> reply) {
        HttpUrl url = url(request);
        for (int retries = 0; ; retries++) {
            try (Response r = open(request, url)) {
                try {
                    return reply.read(r);
                } catch (IOException cut) {
                    if (request.replayable() && retries < retry.times() && Failures.retryable(cut)) {
                        RetryInterceptor.pause(
                                retry,
                                debug,
                                retries,
                                null,
                                request.method() + " " + Urls.redact(url),
                                "a cut answer (" + Failures.rootMessage(cut) + ")");
                        continue;
                    }
                    throw retries == 0 ? cut : new RetryInterceptor.RetriesExhausted(retries + 1, cut);
                }
            } catch (IOException e) {
                throw errors.connection(e, request.method(), url);
            }
        }
    }

    /**
     * Sends {@code request} to {@code url} and returns the answer, open, when it is a 2xx or a
     * status the request accepts; otherwise throws its error (a {@link RegistryException}). An I/O
     * failure is thrown as it is, for a caller that may resume (a blob download).
     */
    Response open(RegistryRequest request, HttpUrl url) throws IOException {
        Request.Builder b = new Request.Builder()
                .url(url)
                .headers(request.headers())
                .header("User-Agent", USER_AGENT)
                .method(request.method(), request.body())
                .tag(RegistryRequest.class, request);
        if (request.accept() != null) {
            b.header("Accept", request.accept());
        }
        Response r = client().newCall(b.build()).execute();
        if (r.isSuccessful() || request.accepted().contains(r.code())) {
            return r;
        }
        try (r) {
            ErrorBody e = ErrorBody.read(r, secrets::scrub);
            if (request.missing() != null && request.missing().matches(e)) {
                throw errors.missing(e, r, request);
            }
            if (e.status() == 401) {
                throw auth.authError(e, r.request().method(), r.request().url(), request.repository());
            }
            throw errors.failure(e, r, request, auth.credentials(request.repository()));
        }
    }

    /** The registry's client: the stack of interceptors over the shared TLS set-up, with this client's pool. */
    private OkHttpClient client() {
        OkHttpClient c = client;
        if (c == null) {
            synchronized (this) {
                if (client == null) {
                    client = tls().newBuilder()
                            .addInterceptor(new RetryInterceptor(retry, debug))
                            .addInterceptor(new RedirectPolicy(registry, tlsVerify, errors))
                            .addInterceptor(new AuthInterceptor(auth, () -> base))
                            .addInterceptor(debug)
                            .addNetworkInterceptor(gate)
                            .authenticator(new ChallengeAuthenticator(auth, () -> base))
                            .build();
                }
                c = client;
            }
        }
        return c;
    }

    /** For token realms: redirects and debug, no retries and no registry authorization. */
    private OkHttpClient realmClient() {
        OkHttpClient c = realm;
        if (c == null) {
            synchronized (this) {
                if (realm == null) {
                    realm = tls().newBuilder()
                            .addInterceptor(new RedirectPolicy(registry, tlsVerify, errors))
                            .addInterceptor(debug)
                            .addNetworkInterceptor(gate)
                            .build();
                }
                c = realm;
            }
        }
        return c;
    }

    private synchronized OkHttpClient tls() {
        if (tls == null) {
            // No cert dir given: the host's directory under certs.d, as containers/image looks.
            tls = HttpClients.get(tlsVerify, certDir != null ? certDir : CertDirs.forHost(registry), registry)
                    .newBuilder()
                    .connectionPool(pool)
                    .build();
        }
        return tls;
    }

    /**
     * Closes the idle connections this client kept alive. Idempotent, and the client stays usable
     * (a later request opens a new connection); connections in use finish their exchange. The
     * dispatcher and TLS set-up are shared and stay.
     */
    @Override
    public void close() {
        pool.evictAll();
    }
}
