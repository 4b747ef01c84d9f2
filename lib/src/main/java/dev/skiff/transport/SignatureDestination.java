package dev.skiff.transport;

import dev.skiff.name.Digest;
import dev.skiff.trust.Signature;
import java.io.IOException;
import java.util.List;
import java.util.Set;

/**
 * A destination that can store signatures beside the image. A destination without this capability
 * refuses signatures ({@link SignatureRefusal}) before anything is written, as skopeo does.
 */
public interface SignatureDestination {
    /**
     * Throws {@link SignatureRefusal} when this destination cannot store signatures of these
     * {@code formats} ({@link dev.skiff.trust.SimpleSignature#FORMAT},
     * {@link dev.skiff.trust.SigstoreSignature#FORMAT}) with these options (no lookaside configured
     * for the registry, a format it does not keep). Called before anything is written.
     */
    void checkSignatures(Set<String> formats, SignatureOptions options) throws IOException;

    /**
     * Stores {@code signatures} as the complete set of the manifest {@code manifest}, replacing any it
     * had. Called after the manifest is written and before {@link ImageDestination#commit()}.
     */
    void putSignatures(Digest manifest, List<Signature> signatures, SignatureOptions options) throws IOException;
}
