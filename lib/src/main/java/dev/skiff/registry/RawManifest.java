package dev.skiff.registry;

import dev.skiff.name.Digest;

/**
 * A manifest as a registry returned it: the bytes (the truth), the Content-Type without
 * parameters (null if none was sent), and the {@code Docker-Content-Digest} header (null if absent
 * or invalid; informational only, callers hash {@link #raw()} themselves).
 */
public record RawManifest(byte[] raw, String contentType, Digest dockerContentDigest) {
    public Digest digest() {
        return Digest.sha256(raw);
    }
}
