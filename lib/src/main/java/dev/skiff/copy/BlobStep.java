package dev.skiff.copy;

import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;

/**
 * What a copy does with one blob of an image: copy it as it is, gzip it on the way,
 * write bytes made here (a converted config), or leave it where it is (a foreign layer, fetched by
 * clients from its {@code urls}). {@code mediaType} is the blob's media type in the written
 * manifest.
 */
record BlobStep(
        Descriptor source, Kind kind, String mediaType, byte[] content, dev.skiff.trust.ocicrypt.LayerCipher cipher) {
    enum Kind {
        COPY,
        COMPRESS,
        WRITE,
        REFERENCE,
        /** Encrypted with ocicrypt's layer cipher; its key wrapped for the recipients while planning. */
        ENCRYPT,
        /** Decrypted; its key unwrapped while planning, its plaintext checked against the recorded digest. */
        DECRYPT
    }

    BlobStep(Descriptor source, Kind kind, String mediaType, byte[] content) {
        this(source, kind, mediaType, content, null);
    }

    static BlobStep crypt(Descriptor source, String mediaType, dev.skiff.trust.ocicrypt.LayerCipher cipher) {
        return new BlobStep(source, cipher.encrypt() ? Kind.ENCRYPT : Kind.DECRYPT, mediaType, null, cipher);
    }

    /** Whether the written descriptor's annotations are the rewrite's (ocicrypt's added or removed). */
    boolean rewritesAnnotations() {
        return cipher != null;
    }

    static BlobStep copy(Descriptor source, String mediaType) {
        return new BlobStep(source, Kind.COPY, mediaType, null);
    }

    static BlobStep reference(Descriptor source, String mediaType) {
        return new BlobStep(source, Kind.REFERENCE, mediaType, null);
    }

    /** Same source and same treatment: done once per copy, however many images share it. */
    record Key(Digest digest, Kind kind) {}

    Key key() {
        return new Key(source.digest(), kind);
    }

    /** Whether the written blob's digest differs from the source's. */
    boolean changesDigest() {
        return kind == Kind.COMPRESS || kind == Kind.WRITE || kind == Kind.ENCRYPT || kind == Kind.DECRYPT;
    }

    /** Whether the manifest's descriptor for this blob differs from the source's. */
    boolean changesDescriptor() {
        return changesDigest() || !java.util.Objects.equals(mediaType, source.mediaType());
    }
}
