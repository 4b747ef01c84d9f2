package dev.skiff.registry;

import dev.skiff.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyStore;
import java.security.PrivateKey;
import java.security.cert.Certificate;
import java.security.cert.CertificateFactory;
import java.security.spec.PKCS8EncodedKeySpec;
import java.util.Base64;
import java.util.List;
import javax.net.ssl.KeyManager;
import javax.net.ssl.KeyManagerFactory;

/**
 * Client certificates for mutual TLS from a cert dir, as containers/image reads them: every
 * {@code NAME.cert} (PEM chain) with its {@code NAME.key} (PEM PKCS#8 private key).
 */
final class ClientCertificates {
    private static final char[] NO_PASSWORD = new char[0];

    private ClientCertificates() {
    }

    /** Key managers offering the dir's client certificates, or null when it holds none. */
    static KeyManager[] keyManagers(Path certDir) throws GeneralSecurityException {
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
