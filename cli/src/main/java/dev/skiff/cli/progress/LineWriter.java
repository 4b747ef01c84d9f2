package dev.skiff.cli.progress;

import java.io.Writer;
import java.util.function.Consumer;

/** A writer that hands each whole line to a consumer: lets text written for a stream (SyncLog's) stay above a live area. */
final class LineWriter extends Writer {
    private final Consumer<String> lines;
    private final StringBuilder pending = new StringBuilder();

    LineWriter(Consumer<String> lines) {
        this.lines = lines;
    }

    @Override
    public synchronized void write(char[] buf, int off, int len) {
        for (int i = off; i < off + len; i++) {
            char c = buf[i];
            if (c == '\n') {
                lines.accept(pending.toString());
                pending.setLength(0);
            } else if (c != '\r') {
                pending.append(c);
            }
        }
    }

    @Override
    public void flush() {}

    @Override
    public synchronized void close() {
        if (pending.length() > 0) {
            lines.accept(pending.toString());
            pending.setLength(0);
        }
    }
}
