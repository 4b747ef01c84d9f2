package dev.skiff.transport;

import dev.skiff.name.Digest;

/**
 * A source whose manifest is rebuilt as it is read (Podman's store exports its images anew) but
 * which knows the digest of the manifest the image is stored with: {@code inspect} shows that
 * digest, as skopeo does, because it is the one registries and {@code podman images --digests}
 * know the image by.
 */
public interface StoredDigest {
    /** The stored manifest's digest; null when the store does not know it. */
    Digest storedDigest();
}
