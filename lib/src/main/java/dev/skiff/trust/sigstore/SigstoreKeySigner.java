package dev.skiff.trust.sigstore;

import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.trust.Signature;
import dev.skiff.trust.Signer;
import dev.skiff.trust.SigstoreSignature;
import java.nio.file.Path;

/**
 * {@code --sign-by-sigstore-private-key}: a copy's new signature made with a sigstore private key.
 * The key is decrypted when the signer is made, so a wrong passphrase fails before anything is copied.
 */
public final class SigstoreKeySigner implements Signer {
    private final SigstoreSigner signer;

    public SigstoreKeySigner(Path privateKey, byte[] passphrase) {
        this.signer = new SigstoreSigner(SigstoreKeys.readPrivateKey(privateKey, passphrase));
    }

    @Override
    public String format() {
        return SigstoreSignature.FORMAT;
    }

    @Override
    public Signature sign(ImageName identity, Digest digest, byte[] manifest) {
        return signer.sign(digest, identity.toString());
    }
}
