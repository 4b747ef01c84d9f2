package dev.skiff.registry;

import java.io.IOException;
import java.util.function.Supplier;
import okhttp3.HttpUrl;
import okhttp3.Interceptor;
import okhttp3.Request;
import okhttp3.Response;

/**
 * Adds the Authorization a registry request needs for its scopes (Basic, or a Bearer token fetched
 * and cached by {@link RegistryAuth}) before it is sent, when it goes to the registry's own origin
 * (scheme, host and port of the ping) and never anywhere else: a redirect to blob storage on
 * another host goes without it (rule 7). A 401 that brings a new challenge is
 * {@link ChallengeAuthenticator}'s.
 */
final class AuthInterceptor implements Interceptor {
    private final RegistryAuth auth;
    private final Supplier<HttpUrl> base;

    AuthInterceptor(RegistryAuth auth, Supplier<HttpUrl> base) {
        this.auth = auth;
        this.base = base;
    }

    @Override
    public Response intercept(Chain chain) throws IOException {
        Request request = chain.request();
        RegistryRequest wanted = request.tag(RegistryRequest.class);
        HttpUrl origin = base.get();
        if (wanted == null
                || origin == null
                || !Urls.sameOrigin(request.url(), origin)
                || request.header("Authorization") != null) {
            return chain.proceed(request);
        }
        String authorization = auth.authorization(wanted.scopes(), wanted.repository());
        return chain.proceed(
                authorization == null
                        ? request
                        : request.newBuilder()
                                .header("Authorization", authorization)
                                .build());
    }
}
