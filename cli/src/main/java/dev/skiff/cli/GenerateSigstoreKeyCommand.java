package dev.skiff.cli;

import dev.skiff.SkiffException;
import dev.skiff.trust.sigstore.PassphraseFile;
import dev.skiff.trust.sigstore.SigstoreKeyPair;
import dev.skiff.trust.sigstore.SigstoreKeys;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code generate-sigstore-key --output-prefix P}: a key pair for sigstore signing, written as skopeo
 * writes it (P.private, an ENCRYPTED COSIGN PRIVATE KEY; P.pub, a PUBLIC KEY), readable by cosign.
 */
@Command(
        name = "generate-sigstore-key",
        mixinStandardHelpOptions = true,
        description = {
            "Generate a sigstore public/private key pair (ECDSA P-256): PREFIX.private, encrypted with a passphrase,"
                    + " and PREFIX.pub. Existing files are never overwritten."
        },
        footer = {
            "",
            "Example:",
            "  skiff generate-sigstore-key --output-prefix mykey --passphrase-file pass.txt",
            "  skiff copy --sign-by-sigstore-private-key mykey.private --sign-passphrase-file pass.txt SRC DEST"
        })
final class GenerateSigstoreKeyCommand implements Callable<Integer> {
    @Option(
            names = "--output-prefix",
            required = true,
            paramLabel = "PREFIX",
            description = "Write the keys to PREFIX.pub and PREFIX.private")
    String outputPrefix;

    @Option(
            names = "--passphrase-file",
            paramLabel = "PATH",
            description =
                    "Read a passphrase for the private key from PATH (its first line); without it, prompt on the terminal")
    Path passphraseFile;

    @Override
    public Integer call() {
        if (outputPrefix.isEmpty()) {
            throw new SkiffException("usage: generate-sigstore-key --output-prefix PREFIX");
        }
        String privateFile = outputPrefix + ".private";
        byte[] passphrase = passphraseFile != null
                ? PassphraseFile.read(passphraseFile)
                : PassphrasePrompt.ask(privateFile, "--passphrase-file");
        SigstoreKeyPair.KeyFiles files = SigstoreKeys.generate(passphrase).writeTo(outputPrefix);
        // skopeo's line, with Go's %q quoting of the two paths
        System.out.printf("Key written to \"%s\" and \"%s\"%n", files.privateKey(), files.publicKey());
        return 0;
    }
}
