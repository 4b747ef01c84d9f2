package dev.skiff.name;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A content digest, {@code algorithm:hex}. Only sha256 and sha512 with lowercase hex of the exact
 * length are accepted, so a digest is always safe to use as a file name or URL path segment
 * (containers/image rejected {@code sha256:../../x} too late: CVE-2024-3727).
 */
public record Digest(String algorithm, String hex) {
    public Digest {
        check(algorithm, hex);
    }

    public static Digest parse(String text) {
        if (text == null || text.isEmpty()) {
            throw new InvalidReferenceException(
                    "invalid digest \"\": expected algorithm:hex, e.g. sha256:<64 hex digits>");
        }
        int colon = text.indexOf(':');
        if (colon < 0) {
            throw new InvalidReferenceException(
                    "invalid digest \"" + text + "\": expected algorithm:hex, e.g. sha256:<64 hex digits>");
        }
        return new Digest(text.substring(0, colon), text.substring(colon + 1));
    }

    public static boolean isValid(String text) {
        int colon = text == null ? -1 : text.indexOf(':');
        return colon > 0 && hasValidHex(text.substring(0, colon), text.substring(colon + 1));
    }

    public static Digest sha256(byte[] content) {
        return new Digest("sha256", HexFormat.of().formatHex(newSha256().digest(content)));
    }

    /** The digest a {@link #newSha256()} hasher holds once it has seen the whole content. */
    public static Digest sha256(MessageDigest finished) {
        return new Digest("sha256", HexFormat.of().formatHex(finished.digest()));
    }

    public static MessageDigest newSha256() {
        return newMessageDigest("sha256");
    }

    /** A fresh hasher for this digest's algorithm. */
    public MessageDigest newHasher() {
        return newMessageDigest(algorithm);
    }

    /** True when {@code actual} (the raw output of {@link #newHasher()}) equals this digest. */
    public boolean matches(byte[] actual) {
        return hex.equals(HexFormat.of().formatHex(actual));
    }

    public Digest withHash(byte[] actual) {
        return new Digest(algorithm, HexFormat.of().formatHex(actual));
    }

    /** The hex part shortened for people: {@code sha256:0123456789ab}. */
    public String shortForm() {
        return algorithm + ":" + hex.substring(0, 12);
    }

    @Override
    public String toString() {
        return algorithm + ":" + hex;
    }

    /*
     * Written out rather than left to the record: the generated ones go through method handles,
     * which a cold JVM interprets and then spins classes for, and a sync compares a digest per image.
     */
    @Override
    public boolean equals(Object o) {
        return o instanceof Digest d && hex.equals(d.hex) && algorithm.equals(d.algorithm);
    }

    @Override
    public int hashCode() {
        return hex.hashCode();
    }

    private static void check(String algorithm, String hex) {
        if (!"sha256".equals(algorithm) && !"sha512".equals(algorithm)) {
            throw new InvalidReferenceException("invalid digest \"" + algorithm + ":" + hex
                    + "\": unsupported algorithm \"" + algorithm + "\" (supported: sha256, sha512)");
        }
        if (!hasValidHex(algorithm, hex)) {
            int expected = algorithm.equals("sha256") ? 64 : 128;
            throw new InvalidReferenceException("invalid digest \"" + algorithm + ":" + hex + "\": " + algorithm
                    + " needs exactly " + expected + " lowercase hex digits");
        }
    }

    private static boolean hasValidHex(String algorithm, String hex) {
        return switch (algorithm) {
            case "sha256" -> NameRules.isLowerHex(hex, 64);
            case "sha512" -> NameRules.isLowerHex(hex, 128);
            default -> false;
        };
    }

    private static MessageDigest newMessageDigest(String algorithm) {
        try {
            return MessageDigest.getInstance(algorithm.equals("sha512") ? "SHA-512" : "SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("the JVM lacks " + algorithm, e);
        }
    }
}
