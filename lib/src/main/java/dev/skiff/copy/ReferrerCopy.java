package dev.skiff.copy;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.io.BlobVerificationException;
import dev.skiff.io.VerifyingInputStream;
import dev.skiff.model.Descriptor;
import dev.skiff.model.ImageIndex;
import dev.skiff.model.ImageManifest;
import dev.skiff.model.ManifestDocument;
import dev.skiff.model.Referrers;
import dev.skiff.name.Digest;
import dev.skiff.transport.ImageDestination;
import dev.skiff.transport.ImageSource;
import dev.skiff.transport.ReferrerDestination;
import dev.skiff.transport.ReferrerSource;
import java.io.IOException;
import java.io.InputStream;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;

/**
 * The referrers step of a copy. Before anything is written it finds the image's referrers at the
 * source ({@link ReferrerSource}: OCI 1.1 referrers by subject, cosign's {@code sha256-HEX.sig/.att/.sbom}
 * tags), and theirs in turn (a signature of an SBOM), each manifest read by digest and its subject
 * checked, filtered by type. Then, after the image's blobs and before its manifest, it stores their
 * blobs (verified) and manifests by digest; after the image's manifest it lists them at the
 * destination ({@link ReferrerDestination}: the fallback tag index, index.json, the cosign tags).
 * So a referrer that fails verification stops the copy before anything has a final name.
 */
final class ReferrerCopy {
    /** More referrers than this for one image is a loop or an attack, not a bill of materials. */
    static final int LIMIT = 1000;

    /** A referrer found: the manifest it refers to, itself, and the cosign tag it lives under (null: listed by subject). */
    record Found(Digest subject, ManifestDocument manifest, String tag) {}

    static final ReferrerCopy NONE = new ReferrerCopy(List.of());

    private final List<Found> found;

    private ReferrerCopy(List<Found> found) {
        this.found = found;
    }

    int count() {
        return found.size();
    }

    /** These referrers without those {@code held} already has (same manifest, same cosign tag or none). */
    ReferrerCopy without(ReferrerCopy held) {
        List<Found> missing = new ArrayList<>();
        for (Found f : found) {
            boolean there = held.found.stream()
                    .anyMatch(h -> h.manifest().digest().equals(f.manifest().digest())
                            && java.util.Objects.equals(h.tag(), f.tag())
                            && h.subject().equals(f.subject()));
            if (!there) {
                missing.add(f);
            }
        }
        return new ReferrerCopy(missing);
    }

    /** The referrers of {@code subjects} and, recursively, theirs; none when not asked for or the source keeps none. */
    static ReferrerCopy discover(ImageSource source, List<Digest> subjects, ReferrerOptions options)
            throws IOException {
        if (!options.enabled() || !(source instanceof ReferrerSource referrers)) {
            return NONE;
        }
        List<Found> found = new ArrayList<>();
        Set<Digest> seen = new HashSet<>(subjects);
        Deque<Digest> queue = new ArrayDeque<>(subjects);
        while (!queue.isEmpty()) {
            Digest subject = queue.poll();
            for (Descriptor d : Sides.source(() -> referrers.referrers(subject, options.artifactTypes()))) {
                if (seen.contains(d.digest()) || (d.artifactType() != null && !options.accepts(d.artifactType()))) {
                    continue;
                }
                ManifestDocument m = Sides.source(() -> source.manifest(d));
                if (!subject.equals(Referrers.subject(m)) || !options.accepts(Referrers.filterType(m))) {
                    continue; // a stale fallback-tag entry, or a type not asked for
                }
                seen.add(d.digest());
                add(found, new Found(subject, m, null), source);
                queue.add(m.digest());
            }
            for (String tag : Referrers.cosignTags(subject)) {
                Optional<ManifestDocument> m = Sides.source(() -> referrers.taggedManifest(tag));
                if (m.isEmpty() || !options.accepts(Referrers.filterType(m.get()))) {
                    continue;
                }
                add(found, new Found(subject, m.get(), tag), source);
                if (seen.add(m.get().digest())) {
                    queue.add(m.get().digest());
                }
            }
        }
        return new ReferrerCopy(found);
    }

    private static void add(List<Found> found, Found f, ImageSource source) {
        if (found.size() >= LIMIT) {
            throw new SkiffException(
                    source.reference() + " has more than " + LIMIT + " referrers; refusing to follow them all",
                    Hint.NONE,
                    null,
                    Side.SOURCE,
                    null);
        }
        found.add(f);
    }

    /**
     * Refuses, before anything is written, referrers the destination cannot keep or whose subject this
     * copy would not write ({@code changes}: why the image's digest changes).
     */
    void check(ImageDestination destination, Digest image, List<String> changes) {
        if (found.isEmpty()) {
            return;
        }
        if (!(destination instanceof ReferrerDestination d) || !d.keepsReferrers()) {
            throw new SkiffException(
                    "cannot copy the " + found.size() + " referrers of " + image + " to " + destination.reference()
                            + ": the " + destination.reference().transport().name()
                            + " transport does not keep referrers",
                    Hint.REFERRERS_UNSUPPORTED,
                    null,
                    Side.DESTINATION,
                    null);
        }
        if (!changes.isEmpty()) {
            throw new SkiffException(
                    "cannot copy the " + found.size() + " referrers of " + image
                            + ": they name its digest, which this copy changes (" + String.join("; ", changes) + ")",
                    Hint.REFERRERS_UNSUPPORTED,
                    null,
                    Side.DESTINATION,
                    null);
        }
    }

    /** Stores every referrer's blobs (verified) and, for those listed by subject, its manifest by digest. */
    void store(ImageSource source, ImageDestination destination, CopyListener listener) throws IOException {
        for (Found f : found) {
            storeContent(source, destination, f.manifest(), listener);
            if (f.tag() == null) {
                Sides.destinationStep(() -> destination.putChildManifest(f.manifest()));
                listener.manifestWritten(f.manifest());
            }
        }
    }

    /** Lists the referrers by subject and writes the cosign tags; called once the image's manifest is written. */
    void publish(ImageDestination destination, CopyListener listener) throws IOException {
        if (found.isEmpty()) {
            return;
        }
        ReferrerDestination out = (ReferrerDestination) destination;
        Map<Digest, List<Descriptor>> bySubject = new LinkedHashMap<>();
        for (Found f : found) {
            if (f.tag() == null) {
                bySubject.computeIfAbsent(f.subject(), k -> new ArrayList<>()).add(Referrers.descriptor(f.manifest()));
            }
        }
        for (Map.Entry<Digest, List<Descriptor>> e : bySubject.entrySet()) {
            Sides.destinationStep(() -> out.putReferrers(e.getKey(), e.getValue()));
        }
        for (Found f : found) {
            if (f.tag() != null) {
                Sides.destinationStep(() -> out.putTaggedManifest(f.tag(), f.manifest()));
                listener.manifestWritten(f.manifest());
            }
        }
    }

    /** The blobs of a referrer (an index referrer: its child manifests too, stored by digest). */
    private static void storeContent(
            ImageSource source, ImageDestination destination, ManifestDocument manifest, CopyListener listener)
            throws IOException {
        if (manifest instanceof ImageManifest m) {
            for (Descriptor blob : m.blobs()) {
                copyBlob(source, destination, blob, manifest, listener);
            }
        } else if (manifest instanceof ImageIndex index) {
            for (Descriptor child : index.manifests()) {
                ManifestDocument c = Sides.source(() -> source.manifest(child));
                storeContent(source, destination, c, listener);
                Sides.destinationStep(() -> destination.putChildManifest(c));
            }
        }
    }

    private static void copyBlob(
            ImageSource source,
            ImageDestination destination,
            Descriptor blob,
            ManifestDocument referrer,
            CopyListener listener)
            throws IOException {
        if (Sides.destination(() -> destination.hasBlob(blob))) {
            return;
        }
        if (destination instanceof dev.skiff.transport.BlobMounter mounter
                && Sides.destination(() -> mounter.mount(blob, source.reference()))) {
            return;
        }
        listener.blobStarted(blob);
        try (InputStream raw = Sides.source(() -> source.openBlob(blob));
                InputStream verified = new VerifyingInputStream(raw, blob)) {
            Sides.destinationStep(() -> destination.putBlob(blob, verified));
        } catch (IOException | RuntimeException failure) {
            BlobVerificationException e = verification(failure);
            if (e == null) {
                throw failure;
            }
            throw new SkiffException(
                    "blob " + blob.digest() + " of referrer " + referrer.digest() + " from " + source.reference()
                            + " failed verification: " + e.getMessage()
                            + "; nothing was written under a final name at " + destination.reference(),
                    Hint.NONE,
                    null,
                    Side.SOURCE,
                    e);
        }
        listener.blobDone(blob, BlobOutcome.COPIED);
    }

    /** The verification failure behind {@code failure} (a destination may wrap what its stream threw), or null. */
    private static BlobVerificationException verification(Throwable failure) {
        for (Throwable t = failure; t != null; t = t.getCause()) {
            if (t instanceof BlobVerificationException v) {
                return v;
            }
        }
        return null;
    }
}
