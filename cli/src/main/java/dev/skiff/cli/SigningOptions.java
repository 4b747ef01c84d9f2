package dev.skiff.cli;

import dev.skiff.copy.TrustSteps;
import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;
import dev.skiff.trust.Signer;
import dev.skiff.trust.gpg.GpgSigner;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/** skopeo's signing flags of copy and sync: drop the source's signatures, or add a new one. */
final class SigningOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--remove-signatures",
            description = "Do not copy the source's signatures (needed for destinations that cannot store them).")
    boolean removeSignatures;

    @Option(
            names = "--sign-by",
            paramLabel = "FINGERPRINT",
            description = "Sign the image written with this GnuPG key (simple signing; gpg holds the secret key).")
    String signBy;

    @Option(
            names = "--sign-passphrase-file",
            paramLabel = "PATH",
            description = "File whose first line is the passphrase of the signing key.")
    Path passphraseFile;

    @Option(
            names = "--sign-identity",
            paramLabel = "REFERENCE",
            description = "The image name the new signature claims (default: the destination's registry name).")
    String signIdentity;

    @Option(
            names = "--sign-by-sigstore-private-key",
            paramLabel = "PATH",
            description =
                    "Sign the image written with the sigstore private key at PATH (as generate-sigstore-key, cosign and"
                            + " skopeo write it; the passphrase from --sign-passphrase-file, else asked on the terminal).")
    Path sigstorePrivateKey;

    /** Signers beyond GnuPG's (a sigstore key) that another mixin of the command adds. */
    final List<Signer> extraSigners = new ArrayList<>();

    /** The trust steps of a copy: {@code flags}' policy and signature storage with these signing flags. */
    TrustSteps trust(TrustFlags flags) {
        if (passphraseFile != null && signBy == null && sigstorePrivateKey == null && extraSigners.isEmpty()) {
            throw new ParameterException(
                    mixee.commandLine(), "--sign-passphrase-file needs --sign-by or --sign-by-sigstore-private-key");
        }
        if (passphraseFile != null && !Files.isReadable(passphraseFile)) {
            throw new ParameterException(
                    mixee.commandLine(), "--sign-passphrase-file " + passphraseFile + " cannot be read");
        }
        List<Signer> signers = new ArrayList<>();
        if (signBy != null) {
            signers.add(new GpgSigner(signBy, passphraseFile));
        }
        if (sigstorePrivateKey != null) {
            signers.add(SigstoreSigning.signer(sigstorePrivateKey, passphraseFile));
        }
        signers.addAll(extraSigners);
        ImageName identity = null;
        if (signIdentity != null) {
            if (signers.isEmpty()) {
                throw new ParameterException(mixee.commandLine(), "--sign-identity needs --sign-by");
            }
            try {
                identity = ImageName.parseAllowingNoTag(signIdentity);
            } catch (InvalidReferenceException e) {
                throw new ParameterException(mixee.commandLine(), "--sign-identity: " + e.getMessage());
            }
        }
        return new TrustSteps(flags.evaluator(), removeSignatures, signers, identity, flags.storage());
    }
}
