package dev.skiff.trust.ocicrypt;

import dev.skiff.SkiffException;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.bouncycastle.openpgp.PGPPublicKeyRingCollection;

/**
 * The GnuPG public keyring, read as ocicrypt reads it for {@code pgp:} recipients: by running
 * {@code gpg --batch --export} (with {@code --homedir $GNUPGHOME} when set).
 */
final class GnuPg {
    private GnuPg() {}

    static String home(Map<String, String> env) {
        String home = env.get("GNUPGHOME");
        return home != null && !home.isBlank() ? home : System.getProperty("user.home") + "/.gnupg";
    }

    static PGPPublicKeyRingCollection publicKeyring(Map<String, String> env) {
        List<String> command = new ArrayList<>(List.of("gpg"));
        String home = env.get("GNUPGHOME");
        if (home != null && !home.isBlank()) {
            command.addAll(List.of("--homedir", home));
        }
        command.addAll(List.of("--batch", "--export"));
        try {
            Process p = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.DISCARD)
                    .start();
            p.getOutputStream().close();
            byte[] out = p.getInputStream().readAllBytes();
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                throw new SkiffException("gpg could not export the public keyring " + home(env));
            }
            PGPPublicKeyRingCollection rings = Pgp.publicRings(out);
            if (rings == null) {
                throw new SkiffException("the GnuPG keyring " + home(env) + " holds no public keys");
            }
            return rings;
        } catch (IOException e) {
            throw new SkiffException(
                    "cannot run gpg to read the public keyring for pgp: recipients: " + e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new SkiffException("interrupted while reading the GnuPG keyring");
        }
    }
}
