package dev.skiff.cli.progress;

import java.io.FileDescriptor;
import java.io.FileOutputStream;
import java.io.PrintWriter;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.function.IntSupplier;
import org.jline.terminal.Terminal;
import org.jline.terminal.impl.LineDisciplineTerminal;
import org.jline.terminal.spi.SystemStream;
import org.jline.terminal.spi.TerminalProvider;

/**
 * Chooses how progress is shown. "A terminal" is decided from stdout, then stderr (never stdin:
 * {@code skiff copy … < /dev/null} on a terminal still shows progress, {@code skiff copy … | tee log}
 * shows it on stderr while the log gets plain lines), by JLine's native provider; TERM=dumb means plain lines.
 */
public final class Progress {
    private Progress() {}

    /**
     * A live view when stdout or stderr is a terminal (not a dumb one), else plain lines on {@code out}.
     * {@code out} is the command's standard output, where the lines that stay are printed.
     */
    public static ProgressView view(PrintWriter out) {
        String type = System.getenv("TERM");
        if (type != null && type.startsWith(Terminal.TYPE_DUMB)) {
            return ProgressView.plain(out);
        }
        if (!mayBeTerminal(1) && !mayBeTerminal(2)) {
            return ProgressView.plain(out);
        }
        try {
            TerminalProvider provider = TerminalProvider.load("jni");
            SystemStream stream = provider.isSystemStream(SystemStream.Output)
                    ? SystemStream.Output
                    : provider.isSystemStream(SystemStream.Error) ? SystemStream.Error : null;
            if (stream == null) {
                return ProgressView.plain(out);
            }
            // Not JLine's system terminal: that one wants stdin to be a terminal too, and reads it.
            // A terminal over the output stream alone has the capabilities of TERM and draws the
            // same; its width is asked of the stream at each redraw, so a resized window is followed.
            Terminal terminal = new LineDisciplineTerminal(
                    "skiff",
                    type == null ? "ansi" : type,
                    new FileOutputStream(stream == SystemStream.Output ? FileDescriptor.out : FileDescriptor.err),
                    StandardCharsets.UTF_8);
            IntSupplier width = () -> provider.systemStreamWidth(stream);
            return new TerminalView(
                    terminal, stream == SystemStream.Output ? null : out, System::nanoTime, width, rows());
        } catch (java.io.IOException | RuntimeException | LinkageError e) {
            // no native support on this platform, or no usable terminal: plain lines are always right
            return ProgressView.plain(out);
        }
    }

    /**
     * False when descriptor {@code fd} is surely no terminal: on Linux its /proc link names a pipe,
     * a socket or a file outside /dev. Asked first because loading JLine's native provider costs
     * 0.2-0.6 s of a short command's start, which a pipe (every script, every test) need not pay;
     * anything else (a device, no /proc) is left to JLine to decide.
     */
    static boolean mayBeTerminal(int fd) {
        try {
            return Files.readSymbolicLink(Path.of("/proc/self/fd/" + fd))
                    .toString()
                    .startsWith("/dev/");
        } catch (java.io.IOException | UnsupportedOperationException | SecurityException e) {
            return true;
        }
    }

    /** The terminal's height, which its output stream cannot tell: LINES when the shell exports it, else 24. */
    private static int rows() {
        try {
            String lines = System.getenv("LINES");
            return lines == null ? 24 : Math.max(3, Integer.parseInt(lines.trim()));
        } catch (NumberFormatException e) {
            return 24;
        }
    }
}
