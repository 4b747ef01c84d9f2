package dev.skiff.auth;

import dev.skiff.SkiffException;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The auth files containers tools read, in their order: the primary file ({@code --authfile},
 * else {@code $REGISTRY_AUTH_FILE}, else {@code ${XDG_RUNTIME_DIR}/containers/auth.json}, else
 * {@code /run/containers/UID/auth.json}), then {@code ${XDG_CONFIG_HOME:-~/.config}/containers/auth.json},
 * then {@code ${DOCKER_CONFIG:-~/.docker}/config.json}. The first file with credentials for a
 * registry wins. {@code login} and {@code logout} write the primary file only.
 */
public final class AuthFiles implements CredentialSource {
    private final Path primary;
    private final String primaryProblem;
    private final List<Path> searchPath;

    private AuthFiles(Path primary, String primaryProblem, List<Path> searchPath) {
        this.primary = primary;
        this.primaryProblem = primaryProblem;
        this.searchPath = List.copyOf(searchPath);
    }

    /** The standard files for this process's environment; {@code authfile} (may be null) is {@code --authfile}. */
    public static AuthFiles standard(Path authfile) {
        // $HOME first, as containers' homedir.Get() does (Java's user.home comes from the passwd entry)
        String home = System.getenv("HOME");
        return of(
                authfile,
                System.getenv(),
                Path.of(home != null && !home.isEmpty() ? home : System.getProperty("user.home")),
                uid());
    }

    /** The files for a given environment and home directory (for tests and embedding). */
    public static AuthFiles of(Path authfile, Map<String, String> env, Path home, long uid) {
        Path primary = authfile;
        String problem = null;
        if (primary == null && nonEmpty(env.get("REGISTRY_AUTH_FILE"))) {
            primary = Path.of(env.get("REGISTRY_AUTH_FILE"));
        }
        if (primary == null) {
            String runtimeDir = env.get("XDG_RUNTIME_DIR");
            if (nonEmpty(runtimeDir)) {
                primary = Path.of(runtimeDir, "containers", "auth.json");
                if (!Files.isDirectory(Path.of(runtimeDir))) {
                    // containers' own words, so a runbook's grep still matches
                    problem = "\"" + runtimeDir + "\" directory set by $XDG_RUNTIME_DIR does not exist."
                            + " Either create the directory or unset $XDG_RUNTIME_DIR.";
                }
            } else {
                primary = Path.of("/run/containers/" + uid + "/auth.json");
            }
        }
        List<Path> search = new ArrayList<>();
        if (problem == null) {
            search.add(primary);
        }
        String configHome = env.get("XDG_CONFIG_HOME");
        search.add((nonEmpty(configHome) ? Path.of(configHome) : home.resolve(".config"))
                .resolve("containers")
                .resolve("auth.json"));
        String dockerConfig = env.get("DOCKER_CONFIG");
        search.add((nonEmpty(dockerConfig) ? Path.of(dockerConfig) : home.resolve(".docker")).resolve("config.json"));
        return new AuthFiles(primary, problem, search);
    }

    /** The file login writes and logout edits; fails as containers does when $XDG_RUNTIME_DIR names no directory. */
    public Path primary() {
        if (primaryProblem != null) {
            throw new SkiffException(primaryProblem);
        }
        return primary;
    }

    /** Every file read for credentials, in order. */
    public List<Path> searchPath() {
        return searchPath;
    }

    @Override
    public Optional<Credentials> find(String registry, String repository) {
        return findWithSource(registry, repository).map(Found::credentials);
    }

    /** Credentials and the file they came from. */
    public Optional<Found> findWithSource(String registry, String repository) {
        for (Path file : searchPath) {
            if (!Files.exists(file)) {
                continue;
            }
            Optional<Credentials> c = AuthFile.read(file).find(registry, repository);
            if (c.isPresent()) {
                return Optional.of(new Found(c.get(), file));
            }
        }
        return Optional.empty();
    }

    /** Credentials found in an auth file; {@code toString()} hides the secret. */
    public record Found(Credentials credentials, Path file) {}

    private static boolean nonEmpty(String s) {
        return s != null && !s.isEmpty();
    }

    private static long uid() {
        try {
            Object uid = Files.getAttribute(Path.of("/proc/self"), "unix:uid");
            return ((Number) uid).longValue();
        } catch (IOException | RuntimeException e) {
            return 0;
        }
    }

    @Override
    public String toString() {
        return "AuthFiles" + searchPath;
    }
}
