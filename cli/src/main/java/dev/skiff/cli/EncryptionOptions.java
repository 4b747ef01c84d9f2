package dev.skiff.cli;

import dev.skiff.trust.ocicrypt.LayerCrypto;
import java.util.List;
import picocli.CommandLine.Option;

/**
 * skopeo's layer-encryption flags (ocicrypt), shared by {@code copy} and {@code sync}:
 * {@code --encryption-key PROTOCOL:KEY} (jwe, pgp, pkcs7, provider; repeatable),
 * {@code --encrypt-layer N} (repeatable; negative counts from the last layer; default all) and
 * {@code --decryption-key KEY[:PASSWORD]} (repeatable).
 */
final class EncryptionOptions {
    /** What a command says for {@code DECRYPTION_KEY_NEEDED}. */
    static final String DECRYPTION_ADVICE =
            "pass --decryption-key with a private key (KEY[:PASSWORD]) or provider:NAME for one of the layer's recipients";

    @Option(
            names = "--encryption-key",
            paramLabel = "PROTOCOL:KEY",
            description =
                    "Encrypt layers for this recipient (ocicrypt): jwe:PUBKEY.pem, pkcs7:CERT.pem, pgp:NAME-OR-EMAIL (GnuPG keyring), provider:NAME. Repeatable.")
    List<String> encryptionKeys;

    @Option(
            names = "--encrypt-layer",
            split = ",",
            paramLabel = "N",
            description = "Encrypt just layer N (0 is the first, -1 the last). Repeatable; default every layer.")
    List<Integer> encryptLayers;

    @Option(
            names = "--decryption-key",
            paramLabel = "KEY[:PASSWORD]",
            description =
                    "Decrypt encrypted layers with this private key (PEM, DER, JWK, OpenPGP secret keyring) or provider:NAME. Repeatable.")
    List<String> decryptionKeys;

    /** The keys read and checked; {@link LayerCrypto#NONE} without any flag. */
    LayerCrypto crypto(picocli.CommandLine commandLine) {
        if (encryptLayers != null && !encryptLayers.isEmpty() && (encryptionKeys == null || encryptionKeys.isEmpty())) {
            throw new picocli.CommandLine.ParameterException(
                    commandLine, "--encrypt-layer needs --encryption-key (whom to encrypt the layers for)");
        }
        return LayerCrypto.of(encryptionKeys, encryptLayers, decryptionKeys);
    }

    boolean any() {
        return (encryptionKeys != null && !encryptionKeys.isEmpty())
                || (decryptionKeys != null && !decryptionKeys.isEmpty());
    }
}
