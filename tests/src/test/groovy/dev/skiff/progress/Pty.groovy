package dev.skiff.progress

import dev.skiff.rig.Cli
import dev.skiff.rig.CommandJvm
import java.nio.file.Path
import org.jline.utils.ScreenTerminal

/**
 * Runs the real command under a pseudo-terminal ({@code script}, util-linux) of a fixed size, as a
 * person at a terminal would, keeping the raw bytes and the screen they leave (JLine's VT100 model).
 */
class Pty {
    /** Wide enough that no line wraps: a tmp path and a digest make a summary line of about 200 columns. */
    static final int COLUMNS = 300
    static final int ROWS = 40

    final int exitCode
    final String raw

    private Pty(int exitCode, String raw) {
        this.exitCode = exitCode
        this.raw = raw
    }

    static Pty run(Path dir, String main = 'dev.skiff.cli.SkiffCli', String... args) {
        def command = (CommandJvm.command(main) + args.toList())
                .collect { quote(it) }.join(' ')
        def script = dir.resolve('pty.sh')
        java.nio.file.Files.writeString(script, "stty cols ${COLUMNS} rows ${ROWS}\nexec ${command} </dev/null\n".toString())
        def process = new ProcessBuilder('script', '-qfec', "sh ${quote(script.toString())}", '/dev/null')
                .directory(dir.toFile())
                .redirectErrorStream(true)
                .start()
        process.outputStream.close()
        def out = new ByteArrayOutputStream()
        process.consumeProcessOutputStream(out)
        process.waitFor()
        process.waitForProcessOutput(out, new ByteArrayOutputStream())
        new Pty(process.exitValue(), out.toString('UTF-8'))
    }

    /** The screen once the command ended: what the person reads. */
    List<String> screen() {
        def screen = new ScreenTerminal(COLUMNS, ROWS)
        screen.write(raw)
        screen.toString().readLines()*.replaceAll(/\s+$/, '').findAll()
    }

    /** Everything drawn, escape sequences removed (lines the live area showed, then erased). */
    String drawn() {
        raw.replaceAll(/\u001b\[[0-9;?]*[A-Za-z]/, '\n').replace('\r', '\n')
    }

    private static String quote(String s) {
        "'" + s.replace("'", "'\\''") + "'"
    }

    @Override
    String toString() {
        "exit ${exitCode}\n${raw}"
    }
}
