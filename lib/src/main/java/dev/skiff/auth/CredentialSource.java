package dev.skiff.auth;

import java.util.Optional;

/**
 * Where a registry client finds credentials, asked only when a registry demands authentication
 * (so an anonymous pull never reads an auth file or runs a credential helper).
 */
@FunctionalInterface
public interface CredentialSource {
    /** No credentials anywhere: skopeo's {@code --no-creds}. */
    CredentialSource ANONYMOUS = new CredentialSource() {
        @Override
        public Optional<Credentials> find(String registry, String repository) {
            return Optional.empty();
        }

        @Override
        public String toString() {
            return "anonymous";
        }
    };

    /**
     * Credentials for {@code repository} (may be null) at {@code registry} (as image names spell it,
     * e.g. {@code docker.io}, {@code 127.0.0.1:5000}), or empty for anonymous access.
     */
    Optional<Credentials> find(String registry, String repository);

    /** The same credentials for every registry, as {@code --creds} gives. */
    static CredentialSource of(Credentials credentials) {
        return new CredentialSource() {
            @Override
            public Optional<Credentials> find(String registry, String repository) {
                return Optional.ofNullable(credentials);
            }

            @Override
            public String toString() {
                return String.valueOf(credentials);
            }
        };
    }
}
