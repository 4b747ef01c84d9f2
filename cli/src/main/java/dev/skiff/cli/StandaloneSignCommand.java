package dev.skiff.cli;

import dev.skiff.SkiffException;
import dev.skiff.io.AtomicFiles;
import dev.skiff.io.BoundedRead;
import dev.skiff.trust.gpg.StandaloneSignatures;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;

/** {@code standalone-sign MANIFEST DOCKER-REFERENCE KEY-FINGERPRINT -o SIGNATURE}, as skopeo's. */
@Command(
        name = "standalone-sign",
        mixinStandardHelpOptions = true,
        description = {
            "Sign the manifest in MANIFEST as DOCKER-REFERENCE with the GnuPG key KEY-FINGERPRINT (simple signing),",
            "writing the signature to SIGNATURE; gpg holds the secret key."
        },
        footer = {
            "",
            "Example:",
            "  skiff standalone-sign manifest.json registry.example.com/team/app:v1 $FPR -o app.signature"
        })
final class StandaloneSignCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "MANIFEST",
            description = "The manifest file to sign (e.g. dir:'s manifest.json).")
    Path manifest;

    @Parameters(
            index = "1",
            paramLabel = "DOCKER-REFERENCE",
            description = "The name the signature claims (host/repo:tag).")
    String reference;

    @Parameters(index = "2", paramLabel = "KEY-FINGERPRINT", description = "The GnuPG key to sign with.")
    String fingerprint;

    @Option(
            names = {"-o", "--output"},
            required = true,
            paramLabel = "SIGNATURE",
            description = "Write the signature to SIGNATURE.")
    Path output;

    @Option(
            names = "--passphrase-file",
            paramLabel = "PATH",
            description = "File whose first line is the passphrase of the key.")
    Path passphraseFile;

    @Override
    public Integer call() throws IOException {
        byte[] signature =
                StandaloneSignatures.sign(read(manifest, "manifest"), reference, fingerprint, passphraseFile);
        AtomicFiles.write(output, signature);
        return 0;
    }

    static byte[] read(Path file, String what) throws IOException {
        try (InputStream in = Files.newInputStream(file)) {
            return BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, what + " file " + file);
        } catch (NoSuchFileException e) {
            throw new SkiffException("cannot read " + what + " file " + file + ": it does not exist");
        }
    }
}
