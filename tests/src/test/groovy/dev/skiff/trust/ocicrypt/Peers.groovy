package dev.skiff.trust.ocicrypt

import dev.skiff.rig.Cli
import dev.skiff.rig.CommandJvm
import groovy.json.JsonSlurper
import java.nio.file.Files
import java.nio.file.Path

/** Runs skopeo and Skiff's command with an environment (GnuPG home, key-provider config), and reads layouts. */
class Peers {
    static String skopeo(Map<String, String> env, String... args) {
        def policy = Files.createTempFile('skiff-ocicrypt-policy', '.json')
        Files.writeString(policy, '{"default":[{"type":"insecureAcceptAnything"}]}')
        try {
            def pb = new ProcessBuilder(['skopeo', '--policy', policy.toString()] + args.toList()).redirectErrorStream(true)
            pb.environment().putAll(env)
            def p = pb.start()
            def text = p.inputStream.getText('UTF-8')
            if (p.waitFor() != 0) {
                throw new AssertionError("skopeo ${args.join(' ')} failed (exit ${p.exitValue()}):\n${text}")
            }
            text
        } finally {
            Files.deleteIfExists(policy)
        }
    }

    /** What one run of Skiff's command left: exit code and both outputs. */
    static class Run {
        int exitCode
        String out
        String err
    }

    /**
     * Runs Skiff's command in its own JVM (as {@link Cli} does), its outputs sent to files and read
     * once it has exited, so nothing it printed can be missed.
     */
    static Run skiff(Map<String, String> env, String... args) {
        def command = CommandJvm.command() + args.toList()
        def out = Files.createTempFile('skiff-out', '.txt')
        def err = Files.createTempFile('skiff-err', '.txt')
        try {
            def pb = new ProcessBuilder(command).redirectOutput(out.toFile()).redirectError(err.toFile())
            env.each { k, v -> v == null ? pb.environment().remove(k) : pb.environment().put(k, v) }
            def p = pb.start()
            p.outputStream.close()
            int code = p.waitFor()
            new Run(exitCode: code, out: Files.readString(out), err: Files.readString(err))
        } finally {
            Files.deleteIfExists(out)
            Files.deleteIfExists(err)
        }
    }

    /** The image manifest a layout's tag names, parsed. */
    static Map manifest(Path layout, String tag) {
        def index = new JsonSlurper().parse(layout.resolve('index.json').toFile())
        def entry = index.manifests.find { it.annotations?.get('org.opencontainers.image.ref.name') == tag }
        assert entry != null: "no ${tag} in ${layout}"
        new JsonSlurper().parse(blob(layout, entry.digest as String).toFile()) as Map
    }

    static Path blob(Path layout, String digest) {
        layout.resolve('blobs').resolve(digest.replace(':', '/'))
    }

    /** Whether the layout has an image under that tag (nothing is there after a refused copy). */
    static boolean hasTag(Path layout, String tag) {
        if (!Files.exists(layout.resolve('index.json'))) {
            return false
        }
        def index = new JsonSlurper().parse(layout.resolve('index.json').toFile())
        index.manifests.any { it.annotations?.get('org.opencontainers.image.ref.name') == tag }
    }
}
