package dev.skiff.rig

import java.nio.file.Path

/** Runs the real skiff command in its own JVM, as a user would, and keeps exit code and output. */
class Cli {
    final int exitCode
    final String out
    final String err

    private Cli(int exitCode, String out, String err) {
        this.exitCode = exitCode
        this.out = out
        this.err = err
    }

    static Cli runIn(Path workDir, String... args) {
        runWith(workDir, [:], args)
    }

    /** Runs with extra environment variables (e.g. {@code DOCKER_HOST}). */
    static Cli runWithEnv(Map<String, String> env, String... args) {
        runWith(null, env, args)
    }

    private static Cli runWith(Path workDir, Map<String, String> env, String... args) {
        def java = Path.of(System.getProperty('java.home'), 'bin', 'java').toString()
        def command = [java, '-cp', System.getProperty('java.class.path'), 'dev.skiff.cli.SkiffCli'] + args.toList()
        def builder = new ProcessBuilder(command)
        env.each { k, v -> builder.environment().put(k, v) }
        if (workDir != null) {
            builder.directory(workDir.toFile())
        }
        def process = builder.start()
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        process.consumeProcessOutput(out, err)
        process.waitFor()
        process.waitForProcessOutput(out, err)
        new Cli(process.exitValue(), out.toString('UTF-8'), err.toString('UTF-8'))
    }

    static Cli run(String... args) {
        runIn(null, args)
    }

    byte[] outBytes() {
        out.getBytes('UTF-8')
    }

    @Override
    String toString() {
        "exit ${exitCode}\n--- stdout\n${out}\n--- stderr\n${err}"
    }
}
