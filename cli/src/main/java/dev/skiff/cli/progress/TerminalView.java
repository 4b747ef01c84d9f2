package dev.skiff.cli.progress;

import java.io.PrintWriter;
import java.util.List;
import java.util.function.IntSupplier;
import java.util.function.LongSupplier;
import org.jline.terminal.Size;
import org.jline.terminal.Terminal;
import org.jline.utils.AttributedString;
import org.jline.utils.Display;

/**
 * Progress on a terminal: a live area of a few lines that JLine's {@link Display} redraws in place
 * (it knows the terminal's size and capabilities, so no escape sequence is written by hand), and
 * the lines that stay printed above it. Redraws at most {@link #REDRAWS_PER_SECOND} times a second
 * however fast bytes arrive.
 */
public final class TerminalView implements ProgressView {
    public static final int REDRAWS_PER_SECOND = 10;
    private static final long INTERVAL = 1_000_000_000L / REDRAWS_PER_SECOND;

    private final Terminal terminal;
    private final PrintWriter elsewhere;
    private final LongSupplier clock;
    private final Display display;
    private final IntSupplier width;
    private final int rows;
    private List<AttributedString> shown = List.of();
    private LiveLines last;
    private long lastDraw;
    private boolean drawn;
    private boolean closed;

    /**
     * @param terminal where the live area is drawn
     * @param elsewhere where lines that stay go when they belong on another stream (stdout in a file
     *     while stderr is the terminal); null to print them on the terminal, above the live area
     * @param clock nanoseconds, {@link System#nanoTime()} but in tests
     */
    public TerminalView(Terminal terminal, PrintWriter elsewhere, LongSupplier clock) {
        this(terminal, elsewhere, clock, null, 0);
    }

    /**
     * @param width the terminal's width, asked at each redraw (null: the terminal's own size)
     * @param rows its height when {@code width} is given
     */
    public TerminalView(Terminal terminal, PrintWriter elsewhere, LongSupplier clock, IntSupplier width, int rows) {
        this.terminal = terminal;
        this.elsewhere = elsewhere;
        this.clock = clock;
        this.width = width;
        this.rows = rows;
        this.display = new Display(terminal, false);
    }

    @Override
    public synchronized void line(String text) {
        if (elsewhere != null) {
            elsewhere.println(text);
            elsewhere.flush();
            return;
        }
        if (closed) {
            terminal.writer().println(text);
            terminal.flush();
            return;
        }
        // clear the live area, print the line where it began, and draw the area again below it
        display.update(List.of(), 0);
        terminal.writer().println(text);
        display.reset();
        shown = List.of();
        if (last != null) {
            draw(last);
        }
        terminal.flush();
    }

    @Override
    public synchronized void live(LiveLines lines, boolean now) {
        last = lines;
        long t = clock.getAsLong();
        if (closed || (!now && drawn && t - lastDraw < INTERVAL)) {
            return;
        }
        lastDraw = t;
        drawn = true;
        draw(lines);
        terminal.flush();
    }

    private void draw(LiveLines lines) {
        if (width != null) {
            int columns = width.getAsInt();
            terminal.setSize(new Size(columns > 0 ? columns : 80, rows));
        }
        Size size = terminal.getSize();
        int columns = size.getColumns() > 0 ? size.getColumns() : 80;
        int rows = size.getRows() > 0 ? size.getRows() : 24;
        display.resize(rows, columns);
        // one column short of the edge, so no line wraps (a wrapped line would scroll the area away)
        List<String> text = lines.at(columns - 1);
        if (text.size() > rows - 1) {
            text = text.subList(text.size() - (rows - 1), text.size());
        }
        shown = text.stream().map(AttributedString::new).toList();
        if (shown.isEmpty()) {
            display.update(List.of(), 0);
        } else {
            int row = shown.size() - 1;
            display.update(shown, size.cursorPos(row, shown.get(row).columnLength()));
        }
    }

    @Override
    public synchronized void close() {
        if (closed) {
            return;
        }
        closed = true;
        display.update(List.of(), 0);
        terminal.flush();
    }
}
