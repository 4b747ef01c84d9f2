package dev.skiff.trust.ocicrypt;

import com.nimbusds.jose.jwk.JWK;
import java.io.IOException;
import java.io.StringReader;
import java.nio.charset.StandardCharsets;
import java.security.KeyFactory;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.security.spec.PKCS8EncodedKeySpec;
import org.bouncycastle.asn1.pkcs.PrivateKeyInfo;
import org.bouncycastle.asn1.x509.SubjectPublicKeyInfo;
import org.bouncycastle.cert.X509CertificateHolder;
import org.bouncycastle.jce.provider.BouncyCastleProvider;
import org.bouncycastle.openssl.PEMEncryptedKeyPair;
import org.bouncycastle.openssl.PEMKeyPair;
import org.bouncycastle.openssl.PEMParser;
import org.bouncycastle.openssl.jcajce.JcaPEMKeyConverter;
import org.bouncycastle.openssl.jcajce.JceOpenSSLPKCS8DecryptorProviderBuilder;
import org.bouncycastle.openssl.jcajce.JcePEMDecryptorProviderBuilder;
import org.bouncycastle.pkcs.PKCS8EncryptedPrivateKeyInfo;

/**
 * Reads the key files ocicrypt takes: public and private keys as PEM, DER or JWK (private PEM keys
 * may be password-protected, in the OpenSSL legacy form or as encrypted PKCS#8), and x509
 * certificates as PEM or DER. Each method returns null when the bytes are not that kind of key.
 */
final class KeyFiles {
    static final BouncyCastleProvider BC = new BouncyCastleProvider();

    private KeyFiles() {}

    /** Thrown when a private key is password-protected and the password is missing or wrong. */
    static final class PasswordException extends Exception {
        PasswordException(String message) {
            super(message);
        }
    }

    static PublicKey publicKey(byte[] data) {
        try {
            Object o = pem(data);
            if (o instanceof SubjectPublicKeyInfo spki) {
                return converter().getPublicKey(spki);
            }
            if (o instanceof X509CertificateHolder) {
                return null;
            }
            if (o == null) {
                try {
                    return converter().getPublicKey(SubjectPublicKeyInfo.getInstance(data));
                } catch (RuntimeException notDer) {
                    JWK jwk = jwk(data);
                    return jwk == null || jwk.isPrivate() ? null : publicOf(jwk);
                }
            }
        } catch (IOException | RuntimeException e) {
            return null;
        }
        return null;
    }

    /** A JWK file's key, or null. */
    static JWK jwk(byte[] data) {
        String text = new String(data, StandardCharsets.UTF_8).trim();
        if (!text.startsWith("{")) {
            return null;
        }
        try {
            return JWK.parse(text);
        } catch (java.text.ParseException e) {
            return null;
        }
    }

    private static PublicKey publicOf(JWK jwk) {
        try {
            if (jwk instanceof com.nimbusds.jose.jwk.RSAKey rsa) {
                return rsa.toPublicKey();
            }
            if (jwk instanceof com.nimbusds.jose.jwk.ECKey ec) {
                return ec.toPublicKey();
            }
        } catch (com.nimbusds.jose.JOSEException e) {
            return null;
        }
        return null;
    }

    /**
     * The private key in {@code data}, null when it holds none. {@code password} may be null;
     * a protected key without it, or with a wrong one, is a {@link PasswordException}.
     */
    static PrivateKey privateKey(byte[] data, char[] password) throws PasswordException {
        Object o;
        try {
            o = pem(data);
        } catch (IOException | RuntimeException e) {
            return null;
        }
        try {
            if (o instanceof PEMKeyPair pair) {
                return converter().getPrivateKey(pair.getPrivateKeyInfo());
            }
            if (o instanceof PrivateKeyInfo info) {
                return converter().getPrivateKey(info);
            }
            if (o instanceof PEMEncryptedKeyPair enc) {
                if (password == null) {
                    throw new PasswordException("it is password-protected and no password was given");
                }
                try {
                    return converter()
                            .getKeyPair(enc.decryptKeyPair(new JcePEMDecryptorProviderBuilder()
                                    .setProvider(BC)
                                    .build(password)))
                            .getPrivate();
                } catch (IOException e) {
                    throw new PasswordException("the password does not open it");
                }
            }
            if (o instanceof PKCS8EncryptedPrivateKeyInfo enc) {
                if (password == null) {
                    throw new PasswordException("it is password-protected and no password was given");
                }
                try {
                    return converter()
                            .getPrivateKey(enc.decryptPrivateKeyInfo(new JceOpenSSLPKCS8DecryptorProviderBuilder()
                                    .setProvider(BC)
                                    .build(password)));
                } catch (Exception e) {
                    throw new PasswordException("the password does not open it");
                }
            }
            if (o != null) {
                return null;
            }
        } catch (IOException e) {
            return null;
        }
        // DER: PKCS#8, else a JWK
        for (String alg : new String[] {"RSA", "EC"}) {
            try {
                return KeyFactory.getInstance(alg).generatePrivate(new PKCS8EncodedKeySpec(data));
            } catch (Exception ignored) {
                // next
            }
        }
        try {
            return converter().getPrivateKey(PrivateKeyInfo.getInstance(data));
        } catch (Exception ignored) {
            // not DER
        }
        JWK jwk = jwk(data);
        if (jwk != null && jwk.isPrivate()) {
            try {
                if (jwk instanceof com.nimbusds.jose.jwk.RSAKey rsa) {
                    return rsa.toPrivateKey();
                }
                if (jwk instanceof com.nimbusds.jose.jwk.ECKey ec) {
                    return ec.toPrivateKey();
                }
            } catch (com.nimbusds.jose.JOSEException e) {
                return null;
            }
        }
        return null;
    }

    static X509Certificate certificate(byte[] data) {
        try {
            CertificateFactory f = CertificateFactory.getInstance("X.509");
            return (X509Certificate) f.generateCertificate(new java.io.ByteArrayInputStream(data));
        } catch (Exception e) {
            return null;
        }
    }

    private static Object pem(byte[] data) throws IOException {
        String text = new String(data, StandardCharsets.ISO_8859_1);
        if (!text.contains("-----BEGIN ")) {
            return null;
        }
        try (PEMParser parser = new PEMParser(new StringReader(text))) {
            return parser.readObject();
        }
    }

    private static JcaPEMKeyConverter converter() {
        return new JcaPEMKeyConverter().setProvider(BC);
    }
}
