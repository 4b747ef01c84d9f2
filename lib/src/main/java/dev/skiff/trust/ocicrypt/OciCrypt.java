package dev.skiff.trust.ocicrypt;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The names ocicrypt (containers/ocicrypt, the library skopeo and containerd use) gives encrypted
 * layers: the {@code +encrypted} media-type suffix, the annotation per key-wrapping scheme that
 * holds the wrapped layer keys, and the annotation with the public cipher options (the HMAC).
 */
public final class OciCrypt {
    public static final String SUFFIX = "+encrypted";
    public static final String PREFIX = "org.opencontainers.image.enc.";
    public static final String KEYS_JWE = PREFIX + "keys.jwe";
    public static final String KEYS_PKCS7 = PREFIX + "keys.pkcs7";
    public static final String KEYS_PGP = PREFIX + "keys.pgp";
    public static final String KEYS_PROVIDER = PREFIX + "keys.provider.";
    public static final String PUBOPTS = PREFIX + "pubopts";
    public static final String CIPHER = "AES_256_CTR_HMAC_SHA256";

    private OciCrypt() {}

    public static boolean isEncrypted(String mediaType) {
        return mediaType != null && mediaType.endsWith(SUFFIX);
    }

    /** The encrypted layer's media type, as ocicrypt writes it: the plain one plus {@code +encrypted}. */
    public static String encryptedType(String mediaType) {
        return isEncrypted(mediaType) ? mediaType : mediaType + SUFFIX;
    }

    /** The media type of the layer once decrypted. */
    public static String plainType(String mediaType) {
        return isEncrypted(mediaType) ? mediaType.substring(0, mediaType.length() - SUFFIX.length()) : mediaType;
    }

    /** A descriptor's annotations without ocicrypt's (what a decrypted layer keeps). */
    public static Map<String, String> withoutEncryption(Map<String, String> annotations) {
        Map<String, String> kept = new LinkedHashMap<>();
        annotations.forEach((k, v) -> {
            if (!k.startsWith(PREFIX)) {
                kept.put(k, v);
            }
        });
        return kept;
    }

    /** The schemes a layer's keys are wrapped for ({@code jwe}, {@code pgp}, {@code provider.NAME}…), for messages. */
    public static String schemes(Map<String, String> annotations) {
        StringBuilder b = new StringBuilder();
        annotations.keySet().stream()
                .filter(k -> k.startsWith(PREFIX + "keys."))
                .sorted()
                .forEach(k -> b.append(b.length() == 0 ? "" : ", ").append(k.substring((PREFIX + "keys.").length())));
        return b.length() == 0 ? "no recipient" : b.toString();
    }
}
