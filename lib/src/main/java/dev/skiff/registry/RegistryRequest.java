package dev.skiff.registry;

import java.util.List;
import java.util.Set;
import java.util.function.Function;
import okhttp3.Headers;
import okhttp3.RequestBody;

/**
 * One request to a registry, with named fields (regclient's {@code reghttp.Req}): what
 * {@link RegistryTransport#exchange} sends and how it words a failure. Immutable; the {@code with…}
 * methods return a changed copy.
 *
 * @param method     GET, HEAD, PUT, POST, PATCH or DELETE
 * @param repository the repository it concerns (credentials are looked up per repository), or null
 *                   for the registry as a whole (ping, catalog, login)
 * @param target     a path from the registry's root ({@code /v2/…}, already encoded), or an absolute
 *                   URL the registry gave (an upload's Location, a next page)
 * @param scopes     the token scopes it needs ({@code repository:team/app:pull})
 * @param accept     the Accept header, or null
 * @param headers    further headers (Range, Accept-Encoding)
 * @param body       the body, or null
 * @param what       how a failure's message begins ("cannot read manifest team/app:v1 from host")
 * @param accepted   statuses handed to the caller as they are, besides 2xx (404 for "is it there?")
 * @param missing    how an answer that says "not there" is worded, or null for the plain failure
 */
record RegistryRequest(
        String method,
        String repository,
        String target,
        List<String> scopes,
        String accept,
        Headers headers,
        RequestBody body,
        String what,
        Set<Integer> accepted,
        Missing missing) {

    /** Which answers mean "not there" (404, or one of {@code codes}) and the message for them. */
    record Missing(Set<String> codes, Function<ErrorBody, String> message) {
        boolean matches(ErrorBody e) {
            return e.status() == 404 || e.codes().stream().anyMatch(codes::contains);
        }
    }

    RegistryRequest {
        scopes = scopes == null ? List.of() : List.copyOf(scopes);
        headers = headers == null ? Headers.of() : headers;
        accepted = accepted == null ? Set.of() : Set.copyOf(accepted);
    }

    /** A request with no body, scopes or special wording yet. */
    static RegistryRequest of(String method, String repository, String target) {
        return new RegistryRequest(
                method, repository, target, List.of(), null, null, null, "cannot " + method + " " + target, null, null);
    }

    /** The scope every read of {@code repository} needs. */
    static List<String> pull(String repository) {
        return List.of("repository:" + repository + ":pull");
    }

    /** The scope every write to {@code repository} needs. */
    static List<String> pullPush(String repository) {
        return List.of("repository:" + repository + ":pull,push");
    }

    RegistryRequest withTarget(String t) {
        return new RegistryRequest(method, repository, t, scopes, accept, headers, body, what, accepted, missing);
    }

    RegistryRequest withScopes(List<String> s) {
        return new RegistryRequest(method, repository, target, s, accept, headers, body, what, accepted, missing);
    }

    RegistryRequest withAccept(String a) {
        return new RegistryRequest(method, repository, target, scopes, a, headers, body, what, accepted, missing);
    }

    RegistryRequest withHeaders(Headers h) {
        return new RegistryRequest(method, repository, target, scopes, accept, h, body, what, accepted, missing);
    }

    RegistryRequest withBody(RequestBody b) {
        return new RegistryRequest(method, repository, target, scopes, accept, headers, b, what, accepted, missing);
    }

    RegistryRequest withWhat(String w) {
        return new RegistryRequest(method, repository, target, scopes, accept, headers, body, w, accepted, missing);
    }

    RegistryRequest withAccepted(Integer... statuses) {
        return new RegistryRequest(
                method, repository, target, scopes, accept, headers, body, what, Set.of(statuses), missing);
    }

    RegistryRequest withMissing(Function<ErrorBody, String> message, String... codes) {
        return new RegistryRequest(
                method,
                repository,
                target,
                scopes,
                accept,
                headers,
                body,
                what,
                accepted,
                new Missing(Set.of(codes), message));
    }

    /** Whether the request can be sent again: no body, or one in memory (never a streamed blob). */
    boolean replayable() {
        return body == null || !body.isOneShot();
    }
}
