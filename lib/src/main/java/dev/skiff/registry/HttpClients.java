package dev.skiff.registry;

import dev.skiff.Hint;
import dev.skiff.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.SecureRandom;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SSLContext;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;
import javax.net.ssl.X509TrustManager;
import okhttp3.ConnectionSpec;
import okhttp3.OkHttpClient;

/**
 * The OkHttp TLS set-ups, built on first use and shared per TLS configuration (an SSLContext, and
 * with verification the JVM's CA file, cost a short command about 100 ms). Each
 * {@link RegistryTransport} takes one with a connection pool of its own. Timeouts: connect 30 s,
 * read and write 5 min, no call timeout, so a large blob may take as long as it needs while a
 * stalled peer is still noticed. Redirects are not followed by OkHttp: {@link RedirectPolicy}
 * follows them, to control Authorization.
 */
final class HttpClients {
    private record Key(boolean tlsVerify, Path certDir) {}

    private static final Map<Key, OkHttpClient> CLIENTS = new ConcurrentHashMap<>();

    private HttpClients() {}

    /** The client for that TLS configuration; {@code registry} is named by an error about the cert dir. */
    static OkHttpClient get(boolean tlsVerify, Path certDir, String registry) {
        Key key = new Key(
                tlsVerify, certDir == null ? null : certDir.toAbsolutePath().normalize());
        return CLIENTS.computeIfAbsent(key, k -> build(k, registry));
    }

    /** The client every other is built from, with no TLS set up: loading it warms OkHttp's classes. */
    static OkHttpClient cleartext() {
        return BASE;
    }

    private static final OkHttpClient BASE = new OkHttpClient.Builder()
            .connectTimeout(Duration.ofSeconds(30))
            .readTimeout(Duration.ofMinutes(5))
            .writeTimeout(Duration.ofMinutes(5))
            .callTimeout(Duration.ZERO)
            .followRedirects(false)
            .followSslRedirects(false)
            .connectionSpecs(List.of(ConnectionSpec.CLEARTEXT))
            .build();

    private static OkHttpClient build(Key key, String registry) {
        OkHttpClient.Builder b =
                BASE.newBuilder().connectionSpecs(List.of(ConnectionSpec.MODERN_TLS, ConnectionSpec.CLEARTEXT));
        try {
            KeyManager[] client = ClientCertificates.recording(key.certDir());
            X509TrustManager tm = !key.tlsVerify()
                    ? new TrustAll()
                    : key.certDir() != null ? trustWithCertDir(key.certDir(), registry) : systemTrust();
            if (key.tlsVerify()) {
                b.sslSocketFactory(context(client, tm).getSocketFactory(), tm);
            } else {
                // Made on the first https connection: against a plain-HTTP registry there is none.
                b.sslSocketFactory(new DeferredSslSocketFactory(() -> context(client, tm)), tm);
                b.hostnameVerifier((host, session) -> true);
            }
        } catch (GeneralSecurityException e) {
            throw new SkiffException("cannot set up TLS: " + e.getMessage(), e);
        }
        return b.build();
    }

    private static SSLContext context(KeyManager[] client, X509TrustManager tm) throws GeneralSecurityException {
        SSLContext ctx = SSLContext.getInstance("TLS");
        ctx.init(client, new TrustManager[] {tm}, new SecureRandom());
        return ctx;
    }

    private static X509TrustManager systemTrust() throws GeneralSecurityException {
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        for (TrustManager tm : system.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** The JVM's trusted CAs plus every {@code *.crt} in the cert dir (as containers/image reads --cert-dir). */
    private static X509TrustManager trustWithCertDir(Path certDir, String registry) throws GeneralSecurityException {
        if (!Files.isDirectory(certDir)) {
            throw new RegistryException(
                    "certificate directory " + certDir + " (for " + registry + ") is not a directory",
                    0,
                    null,
                    null,
                    List.of(),
                    false,
                    Hint.CERT_DIR_INVALID,
                    registry,
                    null);
        }
        TrustManagerFactory system = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        system.init((KeyStore) null);
        KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int n = 0;
        for (TrustManager tm : system.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                for (X509Certificate c : x.getAcceptedIssuers()) {
                    store.setCertificateEntry("system-" + n++, c);
                }
            }
        }
        CertificateFactory cf = CertificateFactory.getInstance("X.509");
        try (DirectoryStream<Path> files = Files.newDirectoryStream(certDir, "*.crt")) {
            for (Path f : files) {
                try (InputStream in = Files.newInputStream(f)) {
                    for (Certificate c : cf.generateCertificates(in)) {
                        store.setCertificateEntry("certdir-" + n++, c);
                    }
                }
            }
        } catch (IOException e) {
            throw new RegistryException(
                    "cannot read certificates in " + certDir + ": " + e.getMessage(),
                    0,
                    null,
                    null,
                    List.of(),
                    false,
                    Hint.CERT_DIR_INVALID,
                    registry,
                    e);
        }
        TrustManagerFactory tmf = TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        tmf.init(store);
        for (TrustManager tm : tmf.getTrustManagers()) {
            if (tm instanceof X509TrustManager x) {
                return x;
            }
        }
        throw new GeneralSecurityException("no X509 trust manager");
    }

    /** For TLS without verification only: accepts any certificate, as skopeo does then. */
    private static final class TrustAll implements X509TrustManager {
        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) {}

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }

        @Override
        public String toString() {
            return "TrustAll";
        }

        @Override
        public boolean equals(Object o) {
            return o instanceof TrustAll;
        }

        @Override
        public int hashCode() {
            return Objects.hash("TrustAll");
        }
    }
}
