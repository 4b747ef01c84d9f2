package dev.skiff.sync;

import dev.skiff.model.Descriptor;
import dev.skiff.model.ManifestDocument;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageReference;
import java.io.IOException;
import java.io.InputStream;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;

/**
 * Blobs shared between the images of one run. Destinations with the same scope (one OCI layout,
 * one registry repository) see each other's blobs: the first image to ask for a blob claims it and
 * transfers it, the others wait and then count it as present, so a layer several tags share is
 * transferred once and asked about once. Commits to one scope are serialised (one index.json).
 */
final class SharedBlobs {
    private final Map<String, CompletableFuture<Boolean>> blobs = new ConcurrentHashMap<>();
    private final Map<String, Object> commitLocks = new ConcurrentHashMap<>();

    Scoped wrap(ImageDestination destination, String scope) {
        return new Scoped(destination, scope);
    }

    /** A destination whose blob checks go through the run's shared record; tell it {@link #stored} blobs. */
    final class Scoped
            implements ImageDestination,
                    dev.skiff.transport.SignatureDestination,
                    dev.skiff.transport.ReferrerDestination {
        private final ImageDestination delegate;
        private final String scope;
        private final Set<String> claimed = ConcurrentHashMap.newKeySet();

        private Scoped(ImageDestination delegate, String scope) {
            this.delegate = delegate;
            this.scope = scope;
        }

        private String key(Descriptor blob) {
            return scope + "\n" + blob.digest();
        }

        @Override
        public ImageReference reference() {
            return delegate.reference();
        }

        /** Signatures go to the wrapped destination, if it stores them. */
        @Override
        public void checkSignatures(java.util.Set<String> formats, dev.skiff.transport.SignatureOptions options)
                throws IOException {
            if (!(delegate instanceof dev.skiff.transport.SignatureDestination d)) {
                throw new dev.skiff.transport.SignatureRefusal(
                        "cannot copy signatures to " + delegate.reference() + ": the "
                                + delegate.reference().transport().name() + " transport does not store signatures",
                        delegate.reference().toString());
            }
            d.checkSignatures(formats, options);
        }

        @Override
        public void putSignatures(
                dev.skiff.name.Digest manifest,
                java.util.List<dev.skiff.trust.Signature> signatures,
                dev.skiff.transport.SignatureOptions options)
                throws IOException {
            ((dev.skiff.transport.SignatureDestination) delegate).putSignatures(manifest, signatures, options);
        }

        /** Referrers go to the wrapped destination, if it keeps them. */
        @Override
        public boolean keepsReferrers() {
            return delegate instanceof dev.skiff.transport.ReferrerDestination d && d.keepsReferrers();
        }

        @Override
        public void putReferrers(dev.skiff.name.Digest subject, java.util.List<Descriptor> referrers)
                throws IOException {
            ((dev.skiff.transport.ReferrerDestination) delegate).putReferrers(subject, referrers);
        }

        @Override
        public void putTaggedManifest(String tag, ManifestDocument manifest) throws IOException {
            ((dev.skiff.transport.ReferrerDestination) delegate).putTaggedManifest(tag, manifest);
        }

        /** True when the blob is there or another image of this run stored it; false means "you transfer it". */
        @Override
        public boolean hasBlob(Descriptor blob) throws IOException {
            String key = key(blob);
            while (true) {
                CompletableFuture<Boolean> mine = new CompletableFuture<>();
                CompletableFuture<Boolean> other = blobs.putIfAbsent(key, mine);
                if (other == null) {
                    claimed.add(key);
                    boolean present;
                    try {
                        present = delegate.hasBlob(blob);
                    } catch (IOException | RuntimeException e) {
                        release(key, false);
                        throw e;
                    }
                    if (present) {
                        release(key, true);
                    }
                    return present;
                }
                if (await(other)) {
                    return true;
                }
                blobs.remove(key, other); // the other image failed to store it: claim it ourselves
            }
        }

        private boolean await(CompletableFuture<Boolean> other) throws IOException {
            try {
                return other.get();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new java.io.InterruptedIOException("interrupted waiting for another image's blob");
            } catch (ExecutionException e) {
                return false;
            }
        }

        /** The copier stored, mounted or found {@code blob}: images waiting for it may go on. */
        void stored(Descriptor blob) {
            release(key(blob), true);
        }

        private void release(String key, boolean present) {
            if (claimed.remove(key)) {
                CompletableFuture<Boolean> f = blobs.get(key);
                if (f != null) {
                    f.complete(present);
                }
            }
        }

        @Override
        public void putBlob(Descriptor blob, InputStream content) throws IOException {
            delegate.putBlob(blob, content);
        }

        @Override
        public void putChildManifest(ManifestDocument manifest) throws IOException {
            delegate.putChildManifest(manifest);
        }

        @Override
        public void putManifest(ManifestDocument manifest) throws IOException {
            delegate.putManifest(manifest);
        }

        @Override
        public void commit() throws IOException {
            synchronized (commitLocks.computeIfAbsent(scope, k -> new Object())) {
                delegate.commit();
            }
        }

        /** Releases any blob this image claimed but did not store, so a waiting image transfers it. */
        @Override
        public void close() throws IOException {
            for (String key : Set.copyOf(claimed)) {
                release(key, false);
            }
            delegate.close();
        }
    }
}
