package dev.skiff.transport.registry;

import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.registry.RegistryClient;
import dev.skiff.transport.SignatureOptions;
import dev.skiff.transport.SignatureRefusal;
import dev.skiff.trust.Signature;
import dev.skiff.trust.SigstoreSignature;
import dev.skiff.trust.lookaside.Lookaside;
import dev.skiff.trust.lookaside.RegistriesD;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Where a registry image's signatures live, as containers/image's docker transport decides: simple
 * signing signatures in the lookaside registries.d names; sigstore signatures in the registry
 * itself as {@link SigstoreAttachments}, where registries.d says {@code use-sigstore-attachments:
 * true} (never in the lookaside, which would surprise cosign users).
 */
final class RegistrySignatures {
    private RegistrySignatures() {}

    /** The lookaside's signatures, then the attachments' when they are enabled for {@code name}. */
    static List<Signature> read(RegistryClient client, ImageName name, Digest manifest, SignatureOptions options)
            throws IOException {
        List<Signature> all = new ArrayList<>(Lookaside.read(name, manifest, options));
        if (useAttachments(name, options)) {
            options.debug("sigstore attachments: looking for " + name.repositoryName() + ":"
                    + SigstoreAttachments.tag(manifest));
            all.addAll(new SigstoreAttachments(client, name.repository()).read(manifest));
        }
        return all;
    }

    /** Before anything is written: sigstore signatures need attachments enabled; the rest a writable lookaside. */
    static void check(ImageName name, Set<String> formats, SignatureOptions options, String destination) {
        Set<String> lookaside = new LinkedHashSet<>(formats);
        if (lookaside.remove(SigstoreSignature.FORMAT) && !useAttachments(name, options)) {
            throw new SignatureRefusal(
                    "cannot write sigstore signatures of " + destination + ": registries.d does not set"
                            + " use-sigstore-attachments: true for " + name.repositoryName()
                            + " (sigstore signatures are stored in the registry, beside the image)",
                    destination);
        }
        Lookaside.checkWritable(name, lookaside, options, destination);
    }

    /** Simple signing signatures replace the lookaside's; sigstore signatures are added to the attachments. */
    static void write(
            RegistryClient client,
            ImageName name,
            Digest manifest,
            List<Signature> signatures,
            SignatureOptions options)
            throws IOException {
        List<SigstoreSignature> sigstore = new ArrayList<>();
        List<Signature> other = new ArrayList<>();
        for (Signature s : signatures) {
            if (s instanceof SigstoreSignature sig) {
                sigstore.add(sig);
            } else {
                other.add(s);
            }
        }
        if (!sigstore.isEmpty()) {
            options.debug("sigstore attachments: writing " + sigstore.size() + " to " + name.repositoryName() + ":"
                    + SigstoreAttachments.tag(manifest));
            new SigstoreAttachments(client, name.repository()).write(manifest, sigstore);
        }
        Lookaside.write(name, manifest, other, options);
    }

    private static boolean useAttachments(ImageName name, SignatureOptions options) {
        return RegistriesD.load(options.registriesD()).useSigstoreAttachments(name);
    }
}
