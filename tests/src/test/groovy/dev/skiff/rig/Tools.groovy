package dev.skiff.rig

import java.nio.file.Files
import java.nio.file.StandardCopyOption

/** Runs the reference tools (skopeo, umoci) and fails the spec with their output when they fail. */
class Tools {
    static String run(List<String> command) {
        def process = new ProcessBuilder(command).redirectErrorStream(true).start()
        def text = process.inputStream.getText('UTF-8')
        if (process.waitFor() != 0) {
            throw new AssertionError("${command.join(' ')} failed (exit ${process.exitValue()}):\n${text}")
        }
        text
    }

    static String skopeo(String... args) {
        run(['skopeo', '--policy', policy().toString()] + args.toList())
    }

    /** skopeo with {@code env} added to its environment (a HOME of the spec's own); [exit, stdout, stderr], never failing. */
    static List skopeoWith(Map<String, String> env, String... args) {
        def pb = new ProcessBuilder(['skopeo', '--policy', policy().toString()] + args.toList())
        pb.environment().putAll(env)
        def p = pb.start()
        def out = new ByteArrayOutputStream(), err = new ByteArrayOutputStream()
        p.consumeProcessOutput(out, err)
        p.waitFor()
        p.waitForProcessOutput(out, err)
        [p.exitValue(), out.toString('UTF-8'), err.toString('UTF-8')]
    }

    static String umoci(String... args) {
        run(['umoci'] + args.toList())
    }

    /**
     * An accept-anything signature policy, so skopeo copy works without /etc/containers/policy.json.
     * Written whole under a temporary name and moved into place: specs run in parallel, and one
     * must never hand skopeo the file while another is still writing it.
     */
    private static File policy() {
        def file = new File(System.getProperty('java.io.tmpdir'), 'skiff-test-policy.json')
        if (!file.exists()) {
            def temp = Files.createTempFile(file.parentFile.toPath(), 'skiff-test-policy', '.tmp')
            Files.writeString(temp, '{"default":[{"type":"insecureAcceptAnything"}]}')
            Files.move(temp, file.toPath(), StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE)
        }
        file
    }
}
