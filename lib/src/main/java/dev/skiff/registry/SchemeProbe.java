package dev.skiff.registry;

import java.io.IOException;
import java.time.Duration;
import java.util.List;
import javax.net.ssl.SSLException;
import okhttp3.HttpUrl;
import okhttp3.OkHttpClient;
import okhttp3.Request;
import okhttp3.Response;

/**
 * The {@code /v2/} ping that finds where a registry's API is: https, or, with TLS verification off,
 * plain http when https fails (as skopeo does: containers/image tries https first). A plain-HTTP
 * server shows itself by answering a TLS hello in text, which Java reports as an unrecognised SSL
 * message; one that waits for a request line is given {@value #PROBE_SECONDS} s (Go's
 * TLSHandshakeTimeout). Before that https attempt, a {@link TlsSniff} asks the port whether it
 * speaks TLS at all, so that a plain-HTTP registry never starts Java's TLS stack. The answer also
 * brings the auth challenge (a 401's WWW-Authenticate). Asked once per client and remembered by
 * it, never across clients: what listens on a port can change.
 */
final class SchemeProbe {
    static final int PROBE_SECONDS = 10;
    /** A peer that says nothing to a hello in this time is left to the https attempt to judge. */
    private static final Duration SNIFF_TIMEOUT = Duration.ofSeconds(2);

    /** Where the API is, and the challenge of its ping (null when it needed none). */
    record Found(HttpUrl base, AuthChallenge challenge) {}

    private final String registry;
    private final String apiHost;
    private final boolean tlsVerify;
    private final DebugLog debug;
    private final RegistryErrors errors;

    SchemeProbe(String registry, String apiHost, boolean tlsVerify, DebugLog debug, RegistryErrors errors) {
        this.registry = registry;
        this.apiHost = apiHost;
        this.tlsVerify = tlsVerify;
        this.debug = debug;
        this.errors = errors;
    }

    /** True when a TLS handshake failed because the peer answered in plain HTTP. */
    static boolean answeredPlainHttp(IOException e) {
        return Failures.has(e, SSLException.class)
                && (Failures.chainMentions(e, "unrecognized ssl message")
                        || Failures.chainMentions(e, "plaintext connection"));
    }

    /** Pings https, then (without verification) http; a registry's 200 or 401 is found, anything else an error. */
    Found ping(OkHttpClient client) {
        List<String> schemes = tlsVerify ? List.of("https") : List.of("https", "http");
        if (!tlsVerify) {
            HttpUrl https = HttpUrl.get("https://" + apiHost + "/");
            if (TlsSniff.probe(https.host(), https.port(), SNIFF_TIMEOUT) == TlsSniff.Answer.NOT_TLS) {
                debug.line(() -> apiHost + " answered a TLS hello in plain HTTP; pinging http only");
                schemes = List.of("http");
            }
        }
        IOException last = null;
        HttpUrl lastUrl = null;
        for (String scheme : schemes) {
            HttpUrl base = HttpUrl.get(scheme + "://" + apiHost + "/");
            HttpUrl ping = base.resolve("/v2/");
            boolean probing = !tlsVerify && base.isHttps();
            OkHttpClient c = probing
                    ? client.newBuilder()
                            .readTimeout(Duration.ofSeconds(PROBE_SECONDS))
                            .build()
                    : client;
            RegistryRequest request = RegistryRequest.of("GET", null, "/v2/")
                    .withWhat(registry + " does not answer as a registry (GET /v2/)");
            Request sent = new Request.Builder()
                    .url(ping)
                    .get()
                    .header("User-Agent", RegistryTransport.USER_AGENT)
                    .tag(RetryInterceptor.StatusOnly.class, new RetryInterceptor.StatusOnly())
                    .build();
            try (Response r = c.newCall(sent).execute()) {
                if (r.code() != 200 && r.code() != 401) {
                    throw errors.failure(ErrorBody.read(r, s -> s), r, request, null);
                }
                return new Found(base, r.code() == 401 ? AuthChallenge.pick(r.headers("WWW-Authenticate")) : null);
            } catch (IOException e) {
                last = e;
                lastUrl = ping;
                if (probing) {
                    String why = answeredPlainHttp(e)
                            ? " answered in plain HTTP: " + apiHost + " does not speak TLS"
                            : " failed: " + Failures.rootMessage(e);
                    debug.line(() -> "GET " + ping + why + "; trying http");
                }
            }
        }
        throw errors.connection(last, "GET", lastUrl);
    }
}
