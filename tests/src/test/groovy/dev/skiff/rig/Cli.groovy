package dev.skiff.rig

import java.nio.file.Path

/** Runs the real skiff command in its own JVM, as a user would, and keeps exit code and output. */
class Cli {
    /** Kept for the scripts specs write: {@link CommandJvm#shell} gives them the whole command line. */
    static final List<String> JVM_OPTIONS = CommandJvm.OPTIONS

    final int exitCode
    final String out
    final String err

    private Cli(int exitCode, String out, String err) {
        this.exitCode = exitCode
        this.out = out
        this.err = err
    }

    static Cli runIn(Path workDir, String... args) {
        exec([dir: workDir], args)
    }

    /**
     * Runs with options: {@code dir} (working directory), {@code env} (variables added to, or with a
     * null value removed from, this JVM's environment), {@code stdin} (text fed to standard input),
     * {@code main} (another command's main class, such as the DSL's dev.skiff.dsl.MirrorCommand),
     * {@code jvm} (JVM options added after the shared ones, which they may override).
     */
    static Cli exec(Map options, String... args) {
        def launch = CommandJvm.command((options.main ?: 'dev.skiff.cli.SkiffCli') as String)
        def command = launch.subList(0, launch.size() - 1) + (options.jvm as List ?: []) + launch.last() + args.toList()
        def builder = new ProcessBuilder(command)
        if (options.dir != null) {
            builder.directory(((Path) options.dir).toFile())
        }
        (options.env as Map ?: [:]).each { k, v ->
            if (v == null) {
                builder.environment().remove(k as String)
            } else {
                builder.environment().put(k as String, v as String)
            }
        }
        def process = builder.start()
        def out = new ByteArrayOutputStream()
        def err = new ByteArrayOutputStream()
        process.consumeProcessOutput(out, err)
        process.outputStream.withCloseable { if (options.stdin != null) it.write((options.stdin as String).getBytes('UTF-8')) }
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
