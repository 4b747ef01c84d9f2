package dev.skiff.cli.progress;

/** Lays out one live line: a label, a bar when there is room for one, and what follows it. */
final class Lines {
    private static final int MIN_BAR = 10;
    private static final int MAX_BAR = 30;

    private Lines() {}

    /** {@code label [====>    ] tail}, fitted to {@code width}: the bar shrinks first, then goes, then the label is cut. */
    static String withBar(String label, long done, long total, String tail, int width) {
        int room = width - label.length() - tail.length() - 4; // spaces and brackets
        if (total > 0 && room >= MIN_BAR) {
            return label + " " + ProgressText.bar(done, total, Math.min(MAX_BAR, room)) + " " + tail;
        }
        return ProgressText.fit(label + "  " + tail, width);
    }
}
