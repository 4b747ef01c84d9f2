package dev.skiff.cli;

import dev.skiff.name.Digest;
import dev.skiff.trust.gpg.GpgKeys;
import dev.skiff.trust.gpg.StandaloneSignatures;
import java.io.IOException;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;
import picocli.CommandLine.Parameters;
import picocli.CommandLine.Spec;

/**
 * {@code standalone-verify MANIFEST DOCKER-REFERENCE KEY-FINGERPRINT SIGNATURE}, as skopeo's,
 * verified in-process (no gpg needed): against the user's GnuPG keyring, or the keys of
 * {@code --public-key-file} (then KEY-FINGERPRINT may be {@code any}).
 */
@Command(
        name = "standalone-verify",
        mixinStandardHelpOptions = true,
        description = {
            "Verify that SIGNATURE signs the manifest in MANIFEST as DOCKER-REFERENCE, made by KEY-FINGERPRINT",
            "(several separated by commas; \"any\" with --public-key-file). Prints the verified digest."
        },
        footer = {
            "",
            "Example:",
            "  skiff standalone-verify manifest.json registry.example.com/team/app:v1 $FPR app.signature"
        })
final class StandaloneVerifyCommand implements Callable<Integer> {
    @Spec
    picocli.CommandLine.Model.CommandSpec spec;

    @Parameters(index = "0", paramLabel = "MANIFEST", description = "The manifest file the signature must sign.")
    Path manifest;

    @Parameters(
            index = "1",
            paramLabel = "DOCKER-REFERENCE",
            description = "The name the signature must claim (host/repo:tag).")
    String reference;

    @Parameters(
            index = "2",
            paramLabel = "KEY-FINGERPRINT",
            description = "The accepted signing key fingerprints, comma-separated (\"any\" with --public-key-file).")
    String fingerprints;

    @Parameters(index = "3", paramLabel = "SIGNATURE", description = "The signature file to verify.")
    Path signature;

    @Option(
            names = "--public-key-file",
            paramLabel = "PATH",
            description =
                    "Trust the keys in this file (binary or armored export, keyring, keybox) instead of the GnuPG keyring.")
    Path publicKeyFile;

    @Override
    public Integer call() throws IOException {
        List<String> expected = fingerprints.equals("any") && publicKeyFile != null
                ? List.of()
                : Arrays.stream(fingerprints.split(","))
                        .map(String::trim)
                        .filter(s -> !s.isEmpty())
                        .toList();
        if (expected.isEmpty() && publicKeyFile == null) {
            throw new picocli.CommandLine.ParameterException(
                    spec.commandLine(), "KEY-FINGERPRINT \"any\" needs --public-key-file");
        }
        GpgKeys keys = publicKeyFile != null ? GpgKeys.read(List.of(publicKeyFile)) : GpgKeys.userKeyring();
        Digest digest = StandaloneSignatures.verify(
                StandaloneSignCommand.read(manifest, "manifest"),
                reference,
                expected,
                StandaloneSignCommand.read(signature, "signature"),
                keys);
        spec.commandLine().getOut().println("Signature verified, digest " + digest);
        spec.commandLine().getOut().flush();
        return 0;
    }
}
