package dev.skiff.model;

import java.util.List;

/**
 * The operating systems and architectures images are built for, as Go names them (GOOS and GOARCH,
 * which OCI platforms use): a platform outside them ({@code linux/amd65}) is a typo that would only
 * show as "no such platform" after a registry was asked, so a plan checks it before anything runs.
 */
public final class KnownPlatforms {
    public static final List<String> OS = List.of(
            "aix",
            "android",
            "darwin",
            "dragonfly",
            "freebsd",
            "hurd",
            "illumos",
            "ios",
            "js",
            "linux",
            "netbsd",
            "openbsd",
            "plan9",
            "solaris",
            "wasip1",
            "windows",
            "zos");

    public static final List<String> ARCHITECTURES = List.of(
            "386",
            "amd64",
            "arm",
            "arm64",
            "loong64",
            "mips",
            "mips64",
            "mips64le",
            "mipsle",
            "ppc",
            "ppc64",
            "ppc64le",
            "riscv64",
            "s390x",
            "sparc64",
            "wasm");

    private KnownPlatforms() {}

    /** What is wrong with {@code p} (an unknown OS or architecture, with the known ones), or null when it is known. */
    public static String problem(Platform p) {
        if (!OS.contains(p.os())) {
            return "unknown operating system '" + p.os() + "'" + nearest(p.os(), OS) + "; known: "
                    + String.join(", ", OS);
        }
        if (!ARCHITECTURES.contains(p.architecture())) {
            return "unknown architecture '" + p.architecture() + "'" + nearest(p.architecture(), ARCHITECTURES)
                    + "; known: " + String.join(", ", ARCHITECTURES);
        }
        return null;
    }

    /** " (did you mean X?)" for the one known name within two edits, else "". */
    private static String nearest(String typed, List<String> known) {
        String best = null;
        int bestDistance = 3;
        for (String k : known) {
            int d = distance(typed, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }

    private static int distance(String a, String b) {
        int[] previous = new int[b.length() + 1];
        int[] current = new int[b.length() + 1];
        for (int j = 0; j <= b.length(); j++) {
            previous[j] = j;
        }
        for (int i = 1; i <= a.length(); i++) {
            current[0] = i;
            for (int j = 1; j <= b.length(); j++) {
                int cost = a.charAt(i - 1) == b.charAt(j - 1) ? 0 : 1;
                current[j] = Math.min(Math.min(current[j - 1] + 1, previous[j] + 1), previous[j - 1] + cost);
            }
            int[] t = previous;
            previous = current;
            current = t;
        }
        return previous[b.length()];
    }
}
