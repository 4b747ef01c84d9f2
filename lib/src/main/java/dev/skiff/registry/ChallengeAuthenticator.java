package dev.skiff.registry;

import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import okhttp3.Authenticator;
import okhttp3.HttpUrl;
import okhttp3.Request;
import okhttp3.Response;
import okhttp3.Route;

/**
 * OkHttp's answer to a 401 from the registry's own origin: when the challenge it brings makes one
 * more try worthwhile (a Bearer challenge, perhaps with more scopes; Basic when credentials may
 * exist and none were sent), the request is sent once more with the Authorization for it. Never a
 * second time, and never for another origin or a request that is not the registry's. OkHttp itself
 * does not send a streamed (one-shot) body again.
 */
final class ChallengeAuthenticator implements Authenticator {
    private final RegistryAuth auth;
    private final Supplier<HttpUrl> base;

    ChallengeAuthenticator(RegistryAuth auth, Supplier<HttpUrl> base) {
        this.auth = auth;
        this.base = base;
    }

    @Override
    public Request authenticate(Route route, Response response) throws IOException {
        Request sent = response.request();
        RegistryRequest wanted = sent.tag(RegistryRequest.class);
        HttpUrl origin = base.get();
        if (wanted == null
                || origin == null
                || response.priorResponse() != null
                || !Urls.sameOrigin(sent.url(), origin)) {
            return null;
        }
        List<String> scopes = new ArrayList<>(wanted.scopes());
        if (!auth.retryAfterUnauthorized(response, sent.header("Authorization"), scopes)) {
            return null;
        }
        String authorization = auth.authorization(scopes, wanted.repository());
        if (authorization == null) {
            return null;
        }
        return sent.newBuilder().header("Authorization", authorization).build();
    }
}
