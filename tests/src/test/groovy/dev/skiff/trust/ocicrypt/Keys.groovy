package dev.skiff.trust.ocicrypt

import java.nio.file.Files
import java.nio.file.Path

/**
 * Keys made at test time in a temp directory, as a user makes them: RSA and EC key pairs and an
 * x509 certificate with openssl, an OpenPGP key (RSA, with an encryption subkey) in a GnuPG home
 * of its own, exported as the secret keyring skopeo's --decryption-key takes.
 */
class Keys {
    final Path dir
    final Path gnupg

    Keys(Path dir) {
        this.dir = dir
        this.gnupg = dir.resolve('gnupg')
        Files.createDirectories(gnupg, java.nio.file.attribute.PosixFilePermissions.asFileAttribute(
                java.nio.file.attribute.PosixFilePermissions.fromString('rwx------')))
        sh("openssl genrsa -out priv.pem 2048")
        sh("openssl rsa -in priv.pem -pubout -out pub.pem")
        sh("openssl genrsa -out other.pem 2048")
        sh("openssl rsa -in other.pem -pubout -out other-pub.pem")
        sh("openssl ecparam -name prime256v1 -genkey -noout -out ec.pem")
        sh("openssl ec -in ec.pem -pubout -out ec-pub.pem")
        // ocicrypt reads EC private keys as PKCS#8 only
        sh("openssl pkcs8 -topk8 -nocrypt -in ec.pem -out ec-p8.pem")
        sh("openssl req -x509 -newkey rsa:2048 -nodes -keyout cert-key.pem -out cert.pem -days 2 -subj /CN=skiff-test")
        sh("openssl rsa -in priv.pem -aes256 -passout pass:s3cret -traditional -out priv-locked.pem")
        sh("gpg --batch --passphrase '' --quick-gen-key 'Skiff Test <skiff@example.com>' rsa2048 cert,sign never")
        String fpr = sh("gpg --list-keys --with-colons skiff@example.com").readLines().find { it.startsWith('fpr:') }.split(':')[9]
        sh("gpg --batch --passphrase '' --quick-add-key ${fpr} rsa2048 encr never")
        sh("gpg --batch --export-secret-keys > gpg-secret.gpg")
        sh("gpg --batch --armor --export skiff@example.com > pgp-pub.asc")
    }

    /** Stops the GnuPG agent this home started, so the temp directory can be removed. */
    void close() {
        sh('gpgconf --kill all || true')
    }

    String path(String name) {
        dir.resolve(name).toString()
    }

    /** The environment every command (Skiff's and skopeo's) runs with: this GnuPG home. */
    Map<String, String> env() {
        [GNUPGHOME: gnupg.toString()]
    }

    String sh(String command) {
        def p = new ProcessBuilder('bash', '-c', command).directory(dir.toFile()).redirectErrorStream(true)
        p.environment().putAll(env())
        def process = p.start()
        def out = process.inputStream.getText('UTF-8')
        if (process.waitFor() != 0) {
            throw new AssertionError("${command} failed:\n${out}")
        }
        out
    }
}
