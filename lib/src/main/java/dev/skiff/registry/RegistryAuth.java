package dev.skiff.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.Hint;
import dev.skiff.SkiffException;
import dev.skiff.auth.CredentialSource;
import dev.skiff.auth.Credentials;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Json;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeSet;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Authentication for one registry: the challenge learnt from {@code /v2/} (or a later 401), Basic
 * from {@link Credentials}, and Bearer tokens fetched from the challenge's realm and cached per scope
 * until they expire. Credentials come from a {@link CredentialSource} asked only once the registry
 * has demanded authentication, once per repository (auth files may hold per-namespace entries). Basic credentials go to a token realm
 * only when it is https or on the registry's own host (rule 7). Every password looked up and every
 * token received is registered with {@link Secrets}. Tokens are fetched with a client of their own
 * (redirects and debug, no registry authorization), so nothing here depends on the exchange that
 * uses it. Thread-safe.
 */
final class RegistryAuth {
    private final String registry;
    private final CredentialSource source;
    private final Map<String, Optional<Credentials>> resolved = new ConcurrentHashMap<>();
    private final Secrets secrets;
    private final RegistryErrors errors;
    private final Supplier<OkHttpClient> realmClient;
    private final Map<String, Token> tokens = new ConcurrentHashMap<>();
    private final Map<String, Object> fetchLocks = new ConcurrentHashMap<>();

    /** A bearer token given by the user ({@code --registry-token}), sent as is; null to fetch tokens. */
    private final String givenToken;

    private volatile AuthChallenge challenge;
    private volatile HttpUrl base;
    private volatile boolean realmRefusedCredentials;
    private volatile boolean realmAcceptedCredentials;

    private record Token(String value, long expiresAtMillis) {
        boolean valid() {
            return System.currentTimeMillis() < expiresAtMillis;
        }
    }

    RegistryAuth(
            String registry,
            CredentialSource source,
            Secrets secrets,
            RegistryErrors errors,
            Supplier<OkHttpClient> realmClient) {
        this(registry, source, secrets, errors, realmClient, null);
    }

    RegistryAuth(
            String registry,
            CredentialSource source,
            Secrets secrets,
            RegistryErrors errors,
            Supplier<OkHttpClient> realmClient,
            String givenToken) {
        this.givenToken = givenToken;
        secrets.addToken(givenToken);
        this.registry = registry;
        this.source = source == null ? CredentialSource.ANONYMOUS : source;
        this.secrets = secrets;
        this.errors = errors;
        this.realmClient = realmClient;
    }

    /** The credentials for a repository (null: the registry as a whole), looked up on first need; null for none. */
    Credentials credentials(String repository) {
        return resolved.computeIfAbsent(repository == null ? "" : repository, r -> {
                    Optional<Credentials> found = source.find(registry, r.isEmpty() ? null : r);
                    found.ifPresent(c -> secrets.addPassword(c.password()));
                    return found;
                })
                .orElse(null);
    }

    /** Records the challenge of the {@code /v2/} ping at {@code base} (null when it needed none). */
    void challenged(AuthChallenge c, HttpUrl base) {
        this.base = base;
        challenge = c;
    }

    /** The Authorization header value for a request needing {@code scopes}, or null for none. */
    String authorization(List<String> scopes, String repository) throws IOException {
        AuthChallenge c = challenge;
        if (c == null) {
            return null;
        }
        if (c.isBasic()) {
            Credentials credentials = credentials(repository);
            return credentials == null ? null : basic(credentials);
        }
        if (c.isBearer()) {
            // as containers/image: a given token replaces the token service, for every scope
            return "Bearer " + (givenToken != null ? givenToken : token(c, scopes, repository));
        }
        return null;
    }

    /**
     * After a 401 to a request sent with {@code sent} (null for none): true when its challenge makes
     * one more try worthwhile; then the challenge is adopted, its scopes are added to {@code wanted}
     * and the cached token for them is dropped.
     */
    boolean retryAfterUnauthorized(Response r, String sent, List<String> wanted) {
        AuthChallenge fresh = AuthChallenge.pick(r.headers("WWW-Authenticate"));
        // A Basic retry is worth it when nothing was sent yet and credentials may exist (looked up on the retry).
        boolean worthRetry = fresh != null
                && (fresh.isBearer() || (fresh.isBasic() && source != CredentialSource.ANONYMOUS && sent == null));
        if (!worthRetry || (givenToken != null && fresh.isBearer() && sent != null)) {
            return false; // a given token is all there is: sending it again changes nothing
        }
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
        return true;
    }

    /** A 401 as a message that says whether credentials were missing, withheld or rejected. */
    RegistryException authError(ErrorBody e, String method, HttpUrl url, String repository) {
        return authError(e, method, url, repository, credentials(repository) != null, false);
    }

    private RegistryException authError(
            ErrorBody e, String method, HttpUrl url, String repository, boolean credentialsSent, boolean fromRealm) {
        Credentials credentials = credentials(repository);
        String message;
        Hint hint = Hint.NONE;
        if (credentials == null) {
            message = "authentication required by " + registry + " for " + what(repository);
            hint = Hint.CREDENTIALS;
        } else if (credentialsSent && realmAcceptedCredentials && !fromRealm) {
            // the token service took the password, so a 401 from the registry means the token lacks the right
            message = registry + " did not grant user " + credentials.username() + " access to " + what(repository)
                    + " (" + e.summary() + "): the token service accepted the credentials but gave no such right;"
                    + " ask for access, or use other credentials";
            hint = Hint.CREDENTIALS;
        } else if (!credentialsSent || realmRefusedCredentials) {
            message = "authentication required by " + registry + " for " + what(repository)
                    + ": the credentials for " + credentials.username()
                    + " were not sent because the token realm is neither https nor on the registry's host";
        } else {
            message = registry + " rejected the credentials for user " + credentials.username() + " ("
                    + what(repository) + ", " + e.summary() + "): check the username and password, or log in again";
            hint = Hint.CREDENTIALS;
        }
        return errors.of(message, e.status(), method, url, e.codes(), hint);
    }

    /** A repository, or the registry itself for requests that name none (login, catalog). */
    private static String what(String repository) {
        return repository == null ? "the registry" : repository;
    }

    private static String basic(Credentials c) {
        return okhttp3.Credentials.basic(
                c.username(), c.password() == null ? "" : c.password(), StandardCharsets.UTF_8);
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
        // Parallel blob transfers all want the same token at once: one fetch per scope, the rest wait for it.
        synchronized (fetchLocks.computeIfAbsent(key, k -> new Object())) {
            cached = tokens.get(key);
            if (cached != null && cached.valid()) {
                return cached.value();
            }
            return fetchToken(c, scopes, repository, key);
        }
    }

    private String fetchToken(AuthChallenge c, List<String> scopes, String repository, String key) throws IOException {
        String realm = c.param("realm");
        HttpUrl realmUrl = realm == null ? null : HttpUrl.parse(realm);
        if (realmUrl == null) {
            throw errors.of(
                    registry + " asked for a bearer token but gave no usable realm"
                            + (realm == null ? "" : " (" + realm + ")"),
                    401,
                    "GET",
                    base == null ? null : base.resolve("/v2/"));
        }
        HttpUrl.Builder ub = realmUrl.newBuilder();
        if (c.param("service") != null) {
            ub.addQueryParameter("service", c.param("service"));
        }
        for (String s : new TreeSet<>(scopes)) {
            ub.addQueryParameter("scope", s);
        }
        HttpUrl url = ub.build();
        Request request = new Request.Builder()
                .url(url)
                .get()
                .header("Accept", "application/json")
                .header("User-Agent", RegistryTransport.USER_AGENT)
                .build();
        Credentials credentials = credentials(repository);
        boolean sendCredentials = credentials != null && realmMayReceiveCredentials(realmUrl);
        if (credentials != null && !sendCredentials) {
            realmRefusedCredentials = true;
        }
        if (sendCredentials) {
            // The realm is its own origin: Authorization goes to it and, on redirects, only to it (RedirectPolicy).
            request = request.newBuilder()
                    .header("Authorization", basic(credentials))
                    .build();
        }
        Response r;
        try {
            r = realmClient.get().newCall(request).execute();
        } catch (IOException e) {
            throw errors.connection(e, "GET", url);
        }
        try (r) {
            if (r.code() == 401 || r.code() == 403) {
                throw authError(ErrorBody.read(r, secrets::scrub), "GET", url, repository, sendCredentials, true);
            }
            if (!r.isSuccessful()) {
                ErrorBody e = ErrorBody.read(r, secrets::scrub);
                throw errors.of(
                        "cannot get a token for " + what(repository) + " from " + realmUrl.host() + ": " + e.summary(),
                        e.status(),
                        "GET",
                        url,
                        e.codes(),
                        Hint.NONE);
            }
            byte[] raw;
            try {
                raw = Bodies.read(r, BoundedRead.BODY_LIMIT, "token response from " + realmUrl.host(), errors);
            } catch (IOException e) {
                throw errors.connection(e, "GET", url);
            }
            JsonNode root;
            try {
                root = Json.parse(raw, "token response");
            } catch (SkiffException e) {
                throw errors.of("the token response from " + realmUrl.host() + " is not JSON", r.code(), "GET", url);
            }
            String value = ErrorBody.text(root, "token");
            if (value == null || value.isEmpty()) {
                value = ErrorBody.text(root, "access_token");
            }
            if (value == null || value.isEmpty()) {
                throw errors.of("the token response from " + realmUrl.host() + " has no token", r.code(), "GET", url);
            }
            if (sendCredentials) {
                realmAcceptedCredentials = true;
            }
            long expiresIn = root.has("expires_in") && root.get("expires_in").canConvertToLong()
                    ? root.get("expires_in").asLong()
                    : 60;
            expiresIn = Math.max(expiresIn, 60);
            secrets.addToken(value);
            // Renew a little early so a token does not expire in flight.
            tokens.put(key, new Token(value, System.currentTimeMillis() + (expiresIn - 10) * 1000));
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
}
