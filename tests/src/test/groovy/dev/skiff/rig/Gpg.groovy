package dev.skiff.rig

import java.nio.file.Files
import java.nio.file.Path

/**
 * A GnuPG home made at test time with one signing key (ed25519, no passphrase unless given), so
 * specs sign and verify without touching the user's keyring. {@link #env()} points gpg, skopeo and
 * Skiff at it.
 */
class Gpg implements AutoCloseable {
    final Path home
    final String fingerprint
    final Path publicKey

    private Gpg(Path home, String fingerprint, Path publicKey) {
        this.home = home
        this.fingerprint = fingerprint
        this.publicKey = publicKey
    }

    /** Options: {@code passphrase}, {@code uid}, {@code created} (gpg's --faked-system-time, e.g. 20200101T000000), {@code expire} (default: never). */
    static Gpg create(Map opts = [:]) {
        // Short path: gpg-agent's socket path must stay under 108 bytes.
        Path home = Files.createTempDirectory(Path.of('/tmp'), 'sgpg')
        Files.setPosixFilePermissions(home, java.nio.file.attribute.PosixFilePermissions.fromString('rwx------'))
        def gpg = new Gpg(home, null, null)
        List<String> gen = ['--batch', '--passphrase', (opts.passphrase ?: '') as String]
        if (opts.passphrase) {
            gen += ['--pinentry-mode', 'loopback']
        }
        if (opts.created) {
            gen += ['--faked-system-time', opts.created as String]
        }
        gen += ['--quick-gen-key', (opts.uid ?: 'Skiff Test <test@skiff.invalid>') as String, 'ed25519', 'sign', (opts.expire ?: 'never') as String]
        gpg.run(*gen)
        String fpr = gpg.run('--batch', '--with-colons', '--list-keys').readLines().find { it.startsWith('fpr:') }.split(':')[9]
        Path pub = home.resolve('public.gpg')
        Files.write(pub, gpg.runBytes('--batch', '--export', fpr))
        new Gpg(home, fpr, pub)
    }

    Map<String, String> env() {
        [GNUPGHOME: home.toString()]
    }

    /** The key with its revocation certificate imported (what the revoked key's owner publishes). */
    void revoke() {
        Path rev = home.resolve("openpgp-revocs.d/${fingerprint}.rev")
        Path armored = home.resolve('revoke.asc')
        Files.writeString(armored, Files.readString(rev).replace(':-----BEGIN', '-----BEGIN'))
        run('--batch', '--import', armored.toString())
        Files.write(publicKey, runBytes('--batch', '--export', fingerprint))
    }

    String run(String... args) {
        new String(runBytes(args), 'UTF-8')
    }

    byte[] runBytes(String... args) {
        runWithInput(null, args)
    }

    /** gpg with {@code input} on its standard input (e.g. --sign). */
    byte[] runWithInput(byte[] input, String... args) {
        def pb = new ProcessBuilder(['gpg', '--homedir', home.toString()] + args.toList())
        def p = pb.start()
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        p.consumeProcessOutput(out, err)
        p.outputStream.withCloseable { if (input != null) it.write(input) }
        p.waitFor()
        p.waitForProcessOutput(out, err)
        if (p.exitValue() != 0) {
            throw new AssertionError("gpg ${args.join(' ')} failed: ${err}")
        }
        out.toByteArray()
    }

    /** Runs a tool (skopeo) with this GnuPG home; returns [exit, output]. */
    List tool(List<String> command) {
        def pb = new ProcessBuilder(command.collect { it.toString() }).redirectErrorStream(true)
        pb.environment().putAll(env())
        def p = pb.start()
        def text = p.inputStream.getText('UTF-8')
        [p.waitFor(), text]
    }

    /** Runs a tool with this GnuPG home and fails the spec when it fails. */
    String must(List<String> command) {
        def (code, text) = tool(command)
        if (code != 0) {
            throw new AssertionError("${command.join(' ')} failed (exit ${code}):\n${text}")
        }
        text
    }

    @Override
    void close() {
        try {
            new ProcessBuilder('gpgconf', '--homedir', home.toString(), '--kill', 'all').start().waitFor()
        } catch (IOException ignored) {
        }
        home.toFile().deleteDir()
    }
}
