package dev.skiff.transport;

import dev.skiff.name.Digest;
import dev.skiff.trust.Signature;
import java.io.IOException;
import java.util.List;

/**
 * A source that can say which signatures an image has (a {@code dir:}'s {@code signature-N} files,
 * a registry's lookaside). A source without this capability has none. The signatures are
 * untrusted: a policy requirement decides whether any of them counts.
 */
public interface SignatureSource {
    /** The signatures of the manifest with digest {@code manifest} (the top-level one or an instance of an index); empty when none. */
    List<Signature> signatures(Digest manifest, SignatureOptions options) throws IOException;
}
