package dev.skiff.registry;

import dev.skiff.Hint;
import dev.skiff.auth.Credentials;
import java.io.IOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLHandshakeException;
import okhttp3.HttpUrl;
import okhttp3.Response;

/**
 * Every {@link RegistryException} of one registry client is made here (rule 6): the structure
 * (status, method, redacted URL, OCI codes, retryable), a message that says what happened without
 * naming a command-line flag, and the {@link Hint} a front turns into its own advice, with the
 * registry as subject. Messages pass through {@link Secrets#scrub} last.
 */
final class RegistryErrors {
    private final String registry;
    private final String apiHost;
    private final Secrets secrets;

    RegistryErrors(String registry, String apiHost, Secrets secrets) {
        this.registry = registry;
        this.apiHost = apiHost;
        this.secrets = secrets;
    }

    /** The one constructor call: retryable as the status and codes say. */
    RegistryException of(String message, int status, String method, HttpUrl url, List<String> codes, Hint hint) {
        return of(message, status, method, url, codes, RegistryException.defaultRetryable(status, codes), hint, null);
    }

    /** A failure with no OCI codes and nothing to try but what the message says. */
    RegistryException of(String message, int status, String method, HttpUrl url) {
        return of(message, status, method, url, List.of(), Hint.NONE);
    }

    private RegistryException of(
            String message,
            int status,
            String method,
            HttpUrl url,
            List<String> codes,
            boolean retryable,
            Hint hint,
            Throwable cause) {
        return new RegistryException(
                secrets.scrub(message), status, method, Urls.redact(url), codes, retryable, hint, registry, cause);
    }

    /** An answer saying the thing asked for is not there, in the request's own words. */
    RegistryException missing(ErrorBody e, Response r, RegistryRequest request) {
        return of(
                request.missing().message().apply(e),
                e.status(),
                r.request().method(),
                r.request().url(),
                e.codes(),
                Hint.NONE);
    }

    /**
     * Any other unwanted answer (a 401 is {@link RegistryAuth#authError}'s): the request's
     * {@code what}, the status and codes, and what the status suggests; {@code credentials} are
     * the ones the request had, to tell a missing login from a lacking right.
     */
    RegistryException failure(ErrorBody e, Response r, RegistryRequest request, Credentials credentials) {
        String note = "";
        Hint hint = Hint.NONE;
        if (e.status() == 403 || e.codes().contains("DENIED")) {
            if (credentials == null) {
                note = " (no credentials were given; the repository may need them)";
                hint = Hint.CREDENTIALS;
            } else {
                note = " (user " + credentials.username() + " may lack access to "
                        + (request.repository() == null ? "the registry" : request.repository()) + ")";
            }
        } else if (e.status() == 429 || e.codes().contains("TOOMANYREQUESTS")) {
            String limit = rateLimit(r);
            note = " (rate limited" + (limit == null ? "" : ", " + limit) + ": try again later)";
        } else if (e.status() == 405 || e.codes().contains("UNSUPPORTED")) {
            note = " (the registry does not support this operation)";
        }
        int attempts = attempts(r);
        if (attempts > 1) {
            note += "; gave up after " + attempts + " attempts";
            hint = hint == Hint.NONE ? Hint.RETRIES_EXHAUSTED : hint;
        }
        return of(
                request.what() + ": " + e.summary() + note,
                e.status(),
                r.request().method(),
                r.request().url(),
                e.codes(),
                hint);
    }

    /** How many times the request behind {@code r} was sent (the retry policy's count). */
    static int attempts(Response r) {
        RetryInterceptor.Attempts a = r.request().tag(RetryInterceptor.Attempts.class);
        return a == null ? 1 : a.count();
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
     * An I/O failure (no HTTP answer) for {@code method} on {@code url}: what went wrong where. A
     * failure at a host the registry redirected to (blob storage) names that host, not the registry.
     */
    RegistryException connection(IOException e, String method, HttpUrl url) {
        RedirectPolicy.TargetFailed redirected = Failures.find(e, RedirectPolicy.TargetFailed.class);
        HttpUrl at = redirected != null ? redirected.target() : url;
        String host = at == null ? apiHost : Urls.hostPort(at);
        String where = redirected == null
                ? ""
                : " (where " + registry + " redirected " + method + " " + Urls.redact(url) + ")";
        String detail = Failures.rootMessage(e);
        String message;
        Hint hint = Hint.NONE;
        boolean retryable = false;
        if (at != null && at.isHttps() && ClientCertificates.askedWithoutCertificate(at.host() + ":" + at.port())) {
            message = host + " asked for a TLS client certificate and none was offered (" + detail + "): it wants"
                    + " client.cert and client.key (PEM) in a certificate directory, or in certs.d/" + registry;
            hint = Hint.CLIENT_CERTIFICATE;
        } else if (Failures.has(e, ConnectException.class)) {
            boolean refused = Failures.refused(e);
            message = "cannot connect to " + host + where + ": "
                    + (!refused
                            ? detail
                            : redirected == null
                                    ? "connection refused (is the registry running?)"
                                    : "connection refused");
            retryable = !refused;
        } else if (Failures.has(e, UnknownHostException.class)) {
            message = "cannot resolve " + (at == null ? apiHost : at.host()) + where + ": unknown host"
                    + (redirected == null ? " (check the registry name)" : "");
        } else if (Failures.has(e, SSLException.class)) {
            Tls tls = tls(e, host);
            message = tls.message() + where;
            hint = tls.hint();
        } else if (Failures.has(e, SocketTimeoutException.class)) {
            message = "timed out talking to " + host + " (" + method + " " + Urls.redact(at) + ")";
            retryable = true;
        } else {
            message = "I/O error talking to " + host + " (" + method + " " + Urls.redact(at) + "): " + detail;
            retryable = true;
        }
        RetryInterceptor.RetriesExhausted exhausted = Failures.find(e, RetryInterceptor.RetriesExhausted.class);
        if (exhausted != null) {
            message += "; gave up after " + exhausted.attempts() + " attempts";
            hint = hint == Hint.NONE ? Hint.RETRIES_EXHAUSTED : hint;
        }
        return of(message, 0, method, url, List.of(), retryable, hint, new IOException(secrets.scrub(detail)));
    }

    private record Tls(String message, Hint hint) {}

    private Tls tls(IOException e, String host) {
        String detail = Failures.rootMessage(e);
        String lower = detail.toLowerCase(Locale.ROOT);
        if (lower.contains("certificate_required") || lower.contains("bad_certificate")) {
            return new Tls(
                    host + " refused the TLS connection (" + detail + "): it wants a client certificate, client.cert"
                            + " and client.key (PEM) in a certificate directory or in certs.d/" + registry,
                    Hint.CLIENT_CERTIFICATE);
        }
        if (Failures.has(e, SSLHandshakeException.class)
                && (lower.contains("certif") || lower.contains("pkix") || lower.contains("subject alternative"))) {
            return new Tls("TLS certificate problem with " + host + " (" + detail + ")", Hint.TLS_UNTRUSTED);
        }
        if (SchemeProbe.answeredPlainHttp(e)) {
            return new Tls(host + " does not speak TLS: it answered over plain HTTP, not HTTPS", Hint.PLAIN_HTTP);
        }
        return new Tls(host + " does not speak TLS or has a certificate problem (" + detail + ")", Hint.PLAIN_HTTP);
    }
}
