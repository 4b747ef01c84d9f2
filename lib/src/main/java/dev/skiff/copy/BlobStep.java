package dev.skiff.copy;

import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import dev.skiff.trust.ocicrypt.LayerCipher;

/**
 * What a copy does with one blob of an image: copy it as it is, compress, re-compress or
 * decompress it on the way ({@code codec}), encrypt or decrypt it ({@code cipher}), write bytes made
 * here (a converted config), or leave it where it is (a foreign layer, fetched by clients from its
 * {@code urls}). {@code mediaType} is the blob's media type in the written manifest.
 */
record BlobStep(Descriptor source, Kind kind, String mediaType, byte[] content, LayerCodec codec, LayerCipher cipher) {
    enum Kind {
        COPY,
        COMPRESS,
        WRITE,
        REFERENCE,
        /** A compressed layer compressed another way ({@code --dest-compress-format}): decoded, encoded again. */
        RECOMPRESS,
        /** A compressed layer stored as its plain tar ({@code --dest-decompress}). */
        DECOMPRESS,
        /** Encrypted with ocicrypt's layer cipher; its key wrapped for the recipients while planning. */
        ENCRYPT,
        /** Decrypted; its key unwrapped while planning, its plaintext checked against the recorded digest. */
        DECRYPT
    }

    BlobStep(Descriptor source, Kind kind, String mediaType, byte[] content) {
        this(source, kind, mediaType, content, kind == Kind.COMPRESS ? LayerCodec.GZIP : null, null);
    }

    /** A layer rewritten by {@code codec} (compressed, re-compressed or decompressed). */
    static BlobStep rewrite(Descriptor source, Kind kind, String mediaType, LayerCodec codec) {
        return new BlobStep(source, kind, mediaType, null, codec, null);
    }

    static BlobStep crypt(Descriptor source, String mediaType, LayerCipher cipher) {
        return new BlobStep(source, cipher.encrypt() ? Kind.ENCRYPT : Kind.DECRYPT, mediaType, null, null, cipher);
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
        return kind != Kind.COPY && kind != Kind.REFERENCE;
    }

    /** Whether the manifest's descriptor for this blob differs from the source's. */
    boolean changesDescriptor() {
        return changesDigest() || !java.util.Objects.equals(mediaType, source.mediaType());
    }
}
