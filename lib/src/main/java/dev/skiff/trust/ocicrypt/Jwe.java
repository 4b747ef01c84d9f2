package dev.skiff.trust.ocicrypt;

import com.fasterxml.jackson.databind.JsonNode;
import com.nimbusds.jose.EncryptionMethod;
import com.nimbusds.jose.JOSEException;
import com.nimbusds.jose.JWEAlgorithm;
import com.nimbusds.jose.JWEDecrypter;
import com.nimbusds.jose.JWEHeader;
import com.nimbusds.jose.crypto.ECDHDecrypter;
import com.nimbusds.jose.crypto.RSADecrypter;
import com.nimbusds.jose.jwk.Curve;
import com.nimbusds.jose.jwk.ECKey;
import com.nimbusds.jose.jwk.JWK;
import com.nimbusds.jose.jwk.RSAKey;
import com.nimbusds.jose.util.Base64URL;
import com.nimbusds.jose.util.JSONObjectUtils;
import dev.skiff.model.Json;
import java.nio.charset.StandardCharsets;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.interfaces.ECPrivateKey;
import java.security.interfaces.ECPublicKey;
import java.security.interfaces.RSAPublicKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * ocicrypt's {@code jwe} scheme: the layer's private options encrypted with A256GCM, the content
 * key wrapped per recipient with RSA-OAEP (RSA keys) or ECDH-ES+A256KW (EC keys), or the algorithm
 * a JWK names; the JWE in JSON serialization is the annotation's (base64) value.
 */
final class Jwe {
    static final Set<JWEAlgorithm> ACCEPTED = Set.of(
            JWEAlgorithm.RSA_OAEP,
            JWEAlgorithm.RSA_OAEP_256,
            JWEAlgorithm.ECDH_ES_A128KW,
            JWEAlgorithm.ECDH_ES_A192KW,
            JWEAlgorithm.ECDH_ES_A256KW);

    private Jwe() {}

    /** The recipient's key as a JWK with its wrapping algorithm, from PEM, DER or JWK bytes; null if none. */
    static JWK recipient(byte[] data) {
        JWK jwk = KeyFiles.jwk(data);
        if (jwk != null) {
            if (jwk.isPrivate()) {
                return null;
            }
            if (jwk.getAlgorithm() == null) {
                return jwk instanceof ECKey ec
                        ? new ECKey.Builder(ec)
                                .algorithm(JWEAlgorithm.ECDH_ES_A256KW)
                                .build()
                        : new RSAKey.Builder((RSAKey) jwk)
                                .algorithm(JWEAlgorithm.RSA_OAEP)
                                .build();
            }
            if (!ACCEPTED.contains(JWEAlgorithm.parse(jwk.getAlgorithm().getName()))) {
                throw new IllegalArgumentException(jwk.getAlgorithm() + " is an unsupported JWE key algorithm");
            }
            return jwk;
        }
        PublicKey key = KeyFiles.publicKey(data);
        if (key instanceof RSAPublicKey rsa) {
            return new RSAKey.Builder(rsa).algorithm(JWEAlgorithm.RSA_OAEP).build();
        }
        if (key instanceof ECPublicKey ec) {
            return new ECKey.Builder(Curve.forECParameterSpec(ec.getParams()), ec)
                    .algorithm(JWEAlgorithm.ECDH_ES_A256KW)
                    .build();
        }
        return null;
    }

    /**
     * One JWE for every recipient in general JSON serialization, as go-jose writes it: the
     * protected header names the content encryption, each recipient's own header its key-wrapping
     * algorithm (and, for ECDH-ES, the ephemeral key). The content key is shared; each recipient's
     * encrypter wraps it, and the first one's content encryption (same key, same AAD) is the JWE's.
     */
    static byte[] wrap(List<JWK> recipients, byte[] optsData) {
        try {
            byte[] cekBytes = new byte[32];
            new java.security.SecureRandom().nextBytes(cekBytes);
            javax.crypto.SecretKey cek = new javax.crypto.spec.SecretKeySpec(cekBytes, "AES");
            String protectedB64 = Base64URL.encode("{\"enc\":\"A256GCM\"}").toString();
            byte[] aad = protectedB64.getBytes(StandardCharsets.US_ASCII);
            com.fasterxml.jackson.databind.node.ObjectNode root = Json.object();
            com.fasterxml.jackson.databind.node.ArrayNode list = Json.array();
            com.nimbusds.jose.JWECryptoParts content = null;
            for (JWK jwk : recipients) {
                JWEAlgorithm alg = JWEAlgorithm.parse(jwk.getAlgorithm().getName());
                com.nimbusds.jose.JWEEncrypter encrypter = jwk instanceof ECKey ec
                        ? new com.nimbusds.jose.crypto.ECDHEncrypter(ec.toECPublicKey(), cek)
                        : new com.nimbusds.jose.crypto.RSAEncrypter(((RSAKey) jwk).toRSAPublicKey(), cek);
                com.nimbusds.jose.JWECryptoParts parts =
                        encrypter.encrypt(new JWEHeader(alg, EncryptionMethod.A256GCM), optsData, aad);
                if (content == null) {
                    content = parts;
                }
                Map<String, Object> header =
                        new LinkedHashMap<>(parts.getHeader().toJSONObject());
                header.remove("enc");
                com.fasterxml.jackson.databind.node.ObjectNode r = list.addObject();
                r.set(
                        "header",
                        Json.parse(
                                JSONObjectUtils.toJSONString(header).getBytes(StandardCharsets.UTF_8), "a JWE header"));
                r.put("encrypted_key", parts.getEncryptedKey().toString());
            }
            root.put("protected", protectedB64);
            root.set("recipients", list);
            root.put("iv", content.getInitializationVector().toString());
            root.put("ciphertext", content.getCipherText().toString());
            root.put("tag", content.getAuthenticationTag().toString());
            return Json.bytes(root);
        } catch (JOSEException e) {
            throw new IllegalStateException("JWE encryption failed: " + e.getMessage(), e);
        }
    }

    /** The options in {@code packet} opened with one of {@code keys}; null when none of them opens it. */
    static byte[] unwrap(List<PrivateKey> keys, byte[] packet) {
        JsonNode root = Json.parse(packet, "a JWE");
        String protectedB64 = root.path("protected").asText("");
        Base64URL iv = b64(root, "iv");
        Base64URL ciphertext = b64(root, "ciphertext");
        Base64URL tag = b64(root, "tag");
        String aadText =
                protectedB64 + (root.hasNonNull("aad") ? "." + root.get("aad").asText() : "");
        byte[] aad = aadText.getBytes(StandardCharsets.US_ASCII);
        JsonNode recipients =
                root.has("recipients") ? root.get("recipients") : Json.array().add(root);
        for (JsonNode r : recipients) {
            JWEHeader header;
            try {
                Map<String, Object> merged = new LinkedHashMap<>();
                if (!protectedB64.isEmpty()) {
                    merged.putAll(JSONObjectUtils.parse(new Base64URL(protectedB64).decodeToString()));
                }
                if (root.has("unprotected")) {
                    merged.putAll(JSONObjectUtils.parse(root.get("unprotected").toString()));
                }
                if (r.has("header")) {
                    merged.putAll(JSONObjectUtils.parse(r.get("header").toString()));
                }
                header = JWEHeader.parse(merged);
            } catch (java.text.ParseException e) {
                continue;
            }
            if (!ACCEPTED.contains(header.getAlgorithm())) {
                continue;
            }
            Base64URL encryptedKey = b64(r, "encrypted_key");
            for (PrivateKey key : keys) {
                try {
                    JWEDecrypter decrypter;
                    if (key instanceof ECPrivateKey ec) {
                        decrypter = new ECDHDecrypter(ec);
                    } else if ("RSA".equals(key.getAlgorithm())) {
                        decrypter = new RSADecrypter(key);
                    } else {
                        continue;
                    }
                    return decrypter.decrypt(header, encryptedKey, iv, ciphertext, tag, aad);
                } catch (JOSEException | RuntimeException wrongKey) {
                    // try the next key
                }
            }
        }
        return null;
    }

    private static Base64URL b64(JsonNode node, String field) {
        return node.hasNonNull(field) ? new Base64URL(node.get(field).asText()) : null;
    }
}
