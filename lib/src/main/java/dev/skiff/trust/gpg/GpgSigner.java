package dev.skiff.trust.gpg;

import dev.skiff.SkiffException;
import dev.skiff.Version;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.trust.Signature;
import dev.skiff.trust.Signer;
import dev.skiff.trust.SimpleSignature;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;

/**
 * Simple signing with the user's GnuPG ({@code --sign-by FINGERPRINT}): the secret key stays with
 * gpg and its agent, as skopeo leaves it with gpgme; Skiff writes the payload and gpg signs it
 * ({@code gpg --sign}, a binary signed message, what gpgme's normal mode writes). A passphrase
 * file is handed to gpg with {@code --pinentry-mode loopback}, never on its command line.
 */
public final class GpgSigner implements Signer {
    private final String keyFingerprint;
    private final Path passphraseFile;

    public GpgSigner(String keyFingerprint, Path passphraseFile) {
        this.keyFingerprint = keyFingerprint;
        this.passphraseFile = passphraseFile;
    }

    @Override
    public String format() {
        return SimpleSignature.FORMAT;
    }

    @Override
    public Signature sign(ImageName identity, Digest digest, byte[] manifest) throws IOException {
        return new SimpleSignature(
                signPayload(payload(identity.toString(), digest).toJson()));
    }

    /** The payload containers/image writes: this identity and digest, the creator and the time now. */
    public static SimpleSigningPayload payload(String identity, Digest digest) {
        return new SimpleSigningPayload(
                identity, digest.toString(), "Skiff " + Version.get(), System.currentTimeMillis() / 1000);
    }

    /** {@code content} signed by the key, as an OpenPGP signed message. */
    public byte[] signPayload(byte[] content) throws IOException {
        List<String> command = new ArrayList<>(List.of("gpg", "--batch", "--no-tty", "--yes"));
        if (passphraseFile != null) {
            command.addAll(List.of("--pinentry-mode", "loopback", "--passphrase-file", passphraseFile.toString()));
        }
        command.addAll(List.of("--local-user", keyFingerprint, "--output", "-", "--sign"));
        Process p;
        try {
            p = new ProcessBuilder(command).start();
        } catch (IOException e) {
            throw new SkiffException(
                    "cannot sign with key " + keyFingerprint + ": gpg cannot be run (" + e.getMessage()
                            + "); install GnuPG or sign elsewhere",
                    e);
        }
        CompletableFuture<byte[]> out = read(p.getInputStream());
        CompletableFuture<byte[]> err = read(p.getErrorStream());
        try (OutputStream in = p.getOutputStream()) {
            in.write(content);
        }
        try {
            int code = p.waitFor();
            byte[] signed = out.join();
            if (code != 0 || signed.length == 0) {
                String text =
                        new String(err.join(), StandardCharsets.UTF_8).trim().replace('\n', ' ');
                throw new SkiffException(
                        "cannot sign with key " + keyFingerprint + ": gpg failed (exit " + code + "): " + text);
            }
            return signed;
        } catch (InterruptedException e) {
            p.destroyForcibly();
            Thread.currentThread().interrupt();
            throw new SkiffException("signing interrupted");
        }
    }

    private static CompletableFuture<byte[]> read(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            ByteArrayOutputStream b = new ByteArrayOutputStream();
            try (in) {
                in.transferTo(b);
            } catch (IOException e) {
                // what was read is what there is
            }
            return b.toByteArray();
        });
    }
}
