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

    /**
     * What a mirror on another host (registries.conf) is given: credentials the user gave for the
     * registry named stay with it, as skopeo keeps them; auth files apply anywhere.
     */
    default CredentialSource forOtherHost() {
        return this;
    }

    /** {@code credentials} for the registry named ({@code --creds}); {@code elsewhere} on a mirror's other host. */
    static CredentialSource explicit(Credentials credentials, CredentialSource elsewhere) {
        return new CredentialSource() {
            @Override
            public Optional<Credentials> find(String registry, String repository) {
                return Optional.ofNullable(credentials);
            }

            @Override
            public CredentialSource forOtherHost() {
                return elsewhere;
            }

            @Override
            public String toString() {
                return String.valueOf(credentials);
            }
        };
    }

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
