package dev.skiff.cli;

import dev.skiff.trust.sigstore.PassphraseFile;
import dev.skiff.trust.sigstore.SigstoreKeySigner;
import java.nio.file.Path;

/**
 * {@code --sign-by-sigstore-private-key}: the key is decrypted when the command starts, with the
 * passphrase from {@code --sign-passphrase-file} or typed on the terminal as skopeo asks for it, so
 * a wrong passphrase fails before anything is copied.
 */
final class SigstoreSigning {
    private SigstoreSigning() {}

    static SigstoreKeySigner signer(Path privateKey, Path passphraseFile) {
        byte[] passphrase = passphraseFile != null
                ? PassphraseFile.read(passphraseFile)
                : PassphrasePrompt.ask(privateKey.toString(), "--sign-passphrase-file");
        return new SigstoreKeySigner(privateKey, passphrase);
    }
}
