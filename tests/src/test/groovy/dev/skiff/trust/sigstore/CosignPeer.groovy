package dev.skiff.trust.sigstore

import java.nio.file.Files
import java.nio.file.Path

/**
 * The python3 peer (src/test/resources/sigstore/cosign_peer.py): cosign's key and signature formats
 * written with python3-cryptography and libsodium, sharing no code with Skiff. It stands in for cosign
 * and skopeo, which Debian does not ship with sigstore signing.
 */
class CosignPeer {
    static Path script() {
        def url = CosignPeer.getResource('/sigstore/cosign_peer.py')
        assert url != null: 'cosign_peer.py is not on the test class path'
        Path.of(url.toURI())
    }

    /** Runs the peer; fails the spec with its output unless it exits 0. */
    static String run(String... args) {
        def result = tryRun(args)
        if (result.exit != 0) {
            throw new AssertionError("cosign_peer.py ${args.join(' ')} failed (exit ${result.exit}):\n${result.out}")
        }
        result.out
    }

    /** Runs the peer and returns [exit: code, out: combined output]. */
    static Map tryRun(String... args) {
        def process = new ProcessBuilder(['python3', script().toString()] + args.toList()).redirectErrorStream(true).start()
        def out = process.inputStream.getText('UTF-8')
        [exit: process.waitFor(), out: out]
    }

    /** Writes {@code text} to a temp file in {@code dir} and returns its path as a string. */
    static String file(Path dir, String name, String text) {
        def f = dir.resolve(name)
        Files.writeString(f, text)
        f.toString()
    }
}
