package dev.skiff.cli.progress;

import java.util.List;

/**
 * Where progress is shown: lines that stay (a finished blob or image) and, on a terminal, a live
 * area redrawn below them. Thread-safe.
 */
public interface ProgressView extends AutoCloseable {
    /** A line that stays: printed above the live area, or alone in a pipe. */
    void line(String text);

    /**
     * The live area is out of date; {@code lines} (asked for only when it is redrawn, at most
     * {@link TerminalView#REDRAWS_PER_SECOND} times a second unless {@code now}) gives its new
     * content, fitted to {@code width} columns.
     */
    void live(LiveLines lines, boolean now);

    /** Removes the live area, leaving the lines that stay: what the command prints next starts on a clean line. */
    @Override
    void close();

    /** The content of a live area at a given width. */
    @FunctionalInterface
    interface LiveLines {
        List<String> at(int width);
    }

    /** A view with no live area: one plain line per finished thing, no control characters. */
    static ProgressView plain(java.io.PrintWriter out) {
        return new ProgressView() {
            @Override
            public void line(String text) {
                synchronized (out) {
                    out.println(text);
                    out.flush();
                }
            }

            @Override
            public void live(LiveLines lines, boolean now) {}

            @Override
            public void close() {
                out.flush();
            }
        };
    }
}
