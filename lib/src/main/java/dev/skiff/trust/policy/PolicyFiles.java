package dev.skiff.trust.policy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Optional;

/**
 * Where the policy comes from, in skopeo's order: the file given ({@code --policy}), else
 * {@code $HOME/.config/containers/policy.json}, else {@code /etc/containers/policy.json}. Unlike
 * skopeo, which refuses to run without one, Skiff accepts anything when none exists.
 */
public final class PolicyFiles {
    public static final Path SYSTEM = Path.of("/etc/containers/policy.json");

    private PolicyFiles() {}

    /** The policy file to use: {@code given} if not null (it must exist), else the first standard one that exists. */
    public static Optional<Path> locate(Path given) {
        if (given != null) {
            return Optional.of(given);
        }
        Path user = Path.of(System.getProperty("user.home"), ".config", "containers", "policy.json");
        if (Files.exists(user)) {
            return Optional.of(user);
        }
        return Files.exists(SYSTEM) ? Optional.of(SYSTEM) : Optional.empty();
    }

    /**
     * The policy to enforce: none ({@code null}, accept anything) with {@code insecure} or when no
     * file exists (then one line goes to {@code debug}, if given), else the file's, parsed.
     */
    public static PolicyEvaluator evaluator(Path given, boolean insecure, java.util.function.Consumer<String> debug) {
        if (insecure) {
            return null;
        }
        Optional<Path> file = locate(given);
        if (file.isEmpty()) {
            if (debug != null) {
                debug.accept("no policy file ($HOME/.config/containers/policy.json, " + SYSTEM
                        + "): accepting any image, where skopeo would refuse to run");
            }
            return null;
        }
        return new PolicyEvaluator(PolicyParser.read(file.get()));
    }
}
