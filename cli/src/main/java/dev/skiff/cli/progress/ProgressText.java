package dev.skiff.cli.progress;

import dev.skiff.io.Sizes;

/** The words and bars of progress lines, shared by copy's and sync's: pure text, no terminal. */
public final class ProgressText {
    private ProgressText() {}

    /** {@code [=======>      ]}, {@code width} characters inside the brackets. */
    static String bar(long done, long total, int width) {
        int filled = total <= 0 ? 0 : (int) Math.min(width, done * width / total);
        StringBuilder b = new StringBuilder(width + 2).append('[');
        for (int i = 0; i < width; i++) {
            b.append(i < filled ? '=' : i == filled && done > 0 ? '>' : ' ');
        }
        return b.append(']').toString();
    }

    /** {@code 3.2 MiB / 7.5 MiB}: always in MiB, so the two numbers compare at a glance. */
    static String bytes(long done, long total) {
        return mib(done) + " / " + mib(total);
    }

    static String mib(long bytes) {
        return Sizes.tenths(bytes / (1024.0 * 1024.0)) + " MiB";
    }

    /** {@code 1.1 MiB/s}. */
    static String rate(double bytesPerSecond) {
        return Sizes.human((long) bytesPerSecond) + "/s";
    }

    /** {@code ETA 6s}, {@code ETA 1m05s}, {@code ETA 2h03m}; {@code ETA --} when not known yet. */
    public static String eta(double seconds) {
        if (Double.isNaN(seconds) || Double.isInfinite(seconds) || seconds < 0) {
            return "ETA --";
        }
        long s = Math.round(seconds);
        if (s < 60) {
            return "ETA " + s + "s";
        }
        if (s < 3600) {
            return "ETA " + s / 60 + "m" + two(s % 60) + "s";
        }
        return "ETA " + s / 3600 + "h" + two(s / 60 % 60) + "m";
    }

    /** {@code text} cut to {@code width} columns, its start kept. */
    static String fit(String text, int width) {
        return text.length() <= width ? text : text.substring(0, Math.max(0, width - 3)) + "...";
    }

    /** {@code text} cut to {@code width} columns, its end kept (the tag of a long image name). */
    static String fitEnd(String text, int width) {
        return text.length() <= width ? text : "..." + text.substring(text.length() - Math.max(0, width - 3));
    }

    private static String two(long n) {
        return n < 10 ? "0" + n : Long.toString(n);
    }
}
