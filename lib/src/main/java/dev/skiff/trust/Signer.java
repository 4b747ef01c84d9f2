package dev.skiff.trust;

import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import java.io.IOException;

/**
 * Makes a new signature of a manifest just written ({@code --sign-by} with GnuPG, or a sigstore
 * private key). The copy calls it after the manifest is stored and before the destination commits,
 * and stores what it returns beside the signatures carried from the source.
 */
public interface Signer {
    /** The storage format of what {@link #sign} returns ({@link SimpleSignature#FORMAT} or {@link SigstoreSignature#FORMAT}). */
    String format();

    /** A signature claiming that {@code manifest} (with digest {@code digest}) is the image {@code identity}. */
    Signature sign(ImageName identity, Digest digest, byte[] manifest) throws IOException;
}
