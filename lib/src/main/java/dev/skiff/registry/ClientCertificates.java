package dev.skiff.registry;

import dev.skiff.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.X509ExtendedKeyManager;
import javax.net.ssl.X509KeyManager;

/**
 * Client certificates for mutual TLS from a cert dir, as containers/image reads them: every
 * {@code NAME.cert} (PEM chain) with its {@code NAME.key} (PEM PKCS#8 private key). It also
 * remembers which servers asked for a certificate that the client could not offer: under TLS 1.3
 * such a server's refusal arrives after the handshake as a bare "broken pipe", and only this
 * record lets the error say what is missing.
 */
final class ClientCertificates {
    private static final char[] NO_PASSWORD = new char[0];
    private static final Set<String> ASKED_WITHOUT_CERTIFICATE = ConcurrentHashMap.newKeySet();

    /** True when {@code host:port} asked this JVM for a client certificate and got none. */
    static boolean askedWithoutCertificate(String hostPort) {
        return ASKED_WITHOUT_CERTIFICATE.contains(hostPort);
    }

    /** Key managers that offer {@code certDir}'s client certificates (if any) and record unanswered requests. */
    static KeyManager[] recording(Path certDir) throws GeneralSecurityException {
        KeyManager[] from = certDir == null ? null : keyManagers(certDir);
        X509KeyManager delegate = from == null ? null : (X509KeyManager) from[0];
        return new KeyManager[] {new Recording(delegate)};
    }

    private static final class Recording extends X509ExtendedKeyManager {
        private final X509KeyManager delegate;

        Recording(X509KeyManager delegate) {
            this.delegate = delegate;
        }

        @Override
        public String chooseClientAlias(String[] keyType, Principal[] issuers, Socket socket) {
            String alias = delegate == null ? null : delegate.chooseClientAlias(keyType, issuers, socket);
            if (alias == null && socket != null && socket.getInetAddress() != null) {
                // The host as the client named it (the URL's), else the address.
                String host = socket instanceof SSLSocket ssl
                                && ssl.getHandshakeSession() != null
                                && ssl.getHandshakeSession().getPeerHost() != null
                        ? ssl.getHandshakeSession().getPeerHost()
                        : socket.getInetAddress().getHostAddress();
                ASKED_WITHOUT_CERTIFICATE.add(host + ":" + socket.getPort());
            }
            return alias;
        }

        @Override
        public String chooseEngineClientAlias(String[] keyType, Principal[] issuers, SSLEngine engine) {
            String alias = delegate instanceof X509ExtendedKeyManager x
                    ? x.chooseEngineClientAlias(keyType, issuers, engine)
                    : null;
            if (alias == null && engine != null && engine.getPeerHost() != null) {
                ASKED_WITHOUT_CERTIFICATE.add(engine.getPeerHost() + ":" + engine.getPeerPort());
            }
            return alias;
        }

        @Override
        public String[] getClientAliases(String keyType, Principal[] issuers) {
            return delegate == null ? null : delegate.getClientAliases(keyType, issuers);
        }

        @Override
        public X509Certificate[] getCertificateChain(String alias) {
            return delegate == null ? null : delegate.getCertificateChain(alias);
        }

        @Override
        public PrivateKey getPrivateKey(String alias) {
            return delegate == null ? null : delegate.getPrivateKey(alias);
        }

        @Override
        public String[] getServerAliases(String keyType, Principal[] issuers) {
            return null;
        }

        @Override
        public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
            return null;
        }
    }

    private ClientCertificates() {}

    /** Key managers offering the dir's client certificates, or null when it holds none. */
    private static KeyManager[] keyManagers(Path certDir) throws GeneralSecurityException {
        if (!Files.isDirectory(certDir)) {
            return null;
        }
        KeyStore store = KeyStore.getInstance("PKCS12");
        try {
            store.load(null, null);
        } catch (IOException e) {
            throw new GeneralSecurityException(e);
        }
        int n = 0;
        try (DirectoryStream<Path> certs = Files.newDirectoryStream(certDir, "*.cert")) {
            for (Path cert : certs) {
                String base = cert.getFileName().toString();
                Path key = cert.resolveSibling(base.substring(0, base.length() - ".cert".length()) + ".key");
                if (!Files.isRegularFile(key)) {
                    throw new SkiffException("client certificate " + cert + " has no key: expected " + key);
                }
                List<? extends Certificate> chain;
                try (InputStream in = Files.newInputStream(cert)) {
                    chain = List.copyOf(CertificateFactory.getInstance("X.509").generateCertificates(in));
                }
                store.setKeyEntry("client-" + n++, privateKey(key), NO_PASSWORD, chain.toArray(new Certificate[0]));
            }
        } catch (IOException e) {
            throw new SkiffException("cannot read client certificates in " + certDir + ": " + e.getMessage(), e);
        }
        if (n == 0) {
            return null;
        }
        KeyManagerFactory kmf = KeyManagerFactory.getInstance(KeyManagerFactory.getDefaultAlgorithm());
        kmf.init(store, NO_PASSWORD);
        return kmf.getKeyManagers();
    }

    private static PrivateKey privateKey(Path file) throws IOException {
        String pem = Files.readString(file, StandardCharsets.US_ASCII);
        String begin = "-----BEGIN PRIVATE KEY-----";
        int start = pem.indexOf(begin);
        int end = pem.indexOf("-----END PRIVATE KEY-----");
        if (start < 0 || end < start) {
            // Never echo the file: it is a secret.
            throw new SkiffException("client key " + file + " is not an unencrypted PKCS#8 PEM key (BEGIN PRIVATE KEY):"
                    + " convert it with: openssl pkcs8 -topk8 -nocrypt -in KEY -out " + file);
        }
        byte[] der = Base64.getMimeDecoder().decode(pem.substring(start + begin.length(), end));
        PKCS8EncodedKeySpec spec = new PKCS8EncodedKeySpec(der);
        for (String algorithm : new String[] {"RSA", "EC", "Ed25519", "Ed448"}) {
            try {
                return KeyFactory.getInstance(algorithm).generatePrivate(spec);
            } catch (GeneralSecurityException wrongAlgorithm) {
                // try the next one
            }
        }
        throw new SkiffException("client key " + file + " is not an RSA, EC or EdDSA key");
    }
}
