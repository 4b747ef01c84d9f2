package dev.skiff.dsl

import dev.skiff.auth.Credentials
import dev.skiff.transport.TransportOptions
import java.nio.file.Path

/** The words of a registry block: {@code registry('host:port') { tlsVerify false; credentials 'u', env('P'); certDir '…' }}. */
class RegistrySpec {
    static final Map<String, String> WORDS = [
            tlsVerify  : "tlsVerify true|false",
            credentials: "credentials 'user', 'password' (e.g. credentials 'bob', env('REG_PASS'))",
            certDir    : "certDir '/path/to/certs' (ca.crt, client cert and key)",
    ]

    TransportOptions options = TransportOptions.defaults()

    /** Chosen in the plan, it wins over registries.conf's insecure for this registry. */
    void tlsVerify(boolean verify) {
        options = options.withTlsVerify(verify)
        options = options.withExtras(options.extras().withTlsVerifyGiven(true))
    }

    void credentials(String username, String password) {
        if (!username) {
            throw new PlanException('credentials with an empty username', WORDS.credentials)
        }
        options = options.withCredentials(new Credentials(username, password ?: ''))
    }

    void certDir(String dir) {
        options = options.withCertDir(Path.of(dir))
    }
}
