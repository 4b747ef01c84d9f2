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
            int d = dev.skiff.EditDistance.between(typed, k);
            if (d < bestDistance) {
                best = k;
                bestDistance = d;
            }
        }
        return best == null ? "" : " (did you mean " + best + "?)";
    }
}
