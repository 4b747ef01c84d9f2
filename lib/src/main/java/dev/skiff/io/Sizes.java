package dev.skiff.io;

/** Byte counts and durations for people: 512 B, 1.5 KiB, 3.2 MiB; 0.7 s. */
public final class Sizes {
    private Sizes() {}

    public static String human(long bytes) {
        if (bytes < 1024) {
            return bytes + " B";
        }
        String[] units = {"KiB", "MiB", "GiB", "TiB"};
        double v = bytes;
        int u = -1;
        while (v >= 1024 && u < units.length - 1) {
            v /= 1024;
            u++;
        }
        return tenths(v) + " " + units[u];
    }

    /** Seconds with one decimal: {@code 0.7 s}. */
    public static String seconds(java.time.Duration d) {
        return tenths(d.toMillis() / 1000.0) + " s";
    }

    /**
     * One decimal, '.' as the separator whatever the locale. Not String.format: its first use
     * loads the JDK's locale data, tens of milliseconds at the end of every short command.
     */
    public static String tenths(double v) {
        long t = Math.round(v * 10);
        return t / 10 + "." + t % 10;
    }
}
