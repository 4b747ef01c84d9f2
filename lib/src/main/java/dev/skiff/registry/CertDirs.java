package dev.skiff.registry;

import java.io.File;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Where a registry's certificates live when no {@code --cert-dir} is given, as containers/image
 * looks: the first existing {@code ROOT/HOST[:PORT]} among {@code ~/.config/containers/certs.d},
 * {@code /etc/containers/certs.d} and {@code /etc/docker/certs.d}. The roots can be replaced with
 * the system property {@code skiff.certs.d} or the environment variable {@code SKIFF_CERTS_D}
 * (a path list), so tests never need to write under /etc.
 */
public final class CertDirs {
    public static final String PROPERTY = "skiff.certs.d";
    public static final String ENV = "SKIFF_CERTS_D";

    private CertDirs() {}

    /** The roots searched, in order. */
    public static List<Path> roots() {
        String override = System.getProperty(PROPERTY, System.getenv(ENV));
        List<Path> roots = new ArrayList<>();
        if (override != null && !override.isBlank()) {
            for (String part : override.split(File.pathSeparator)) {
                if (!part.isBlank()) {
                    roots.add(Path.of(part));
                }
            }
            return roots;
        }
        String home = System.getProperty("user.home");
        if (home != null) {
            roots.add(Path.of(home, ".config", "containers", "certs.d"));
        }
        roots.add(Path.of("/etc/containers/certs.d"));
        roots.add(Path.of("/etc/docker/certs.d"));
        return roots;
    }

    /** The certificate directory for {@code hostPort} ({@code registry.example:5000}), or null for none. */
    public static Path forHost(String hostPort) {
        for (Path root : roots()) {
            Path dir = root.resolve(hostPort);
            if (Files.isDirectory(dir)) {
                return dir;
            }
        }
        return null;
    }
}
