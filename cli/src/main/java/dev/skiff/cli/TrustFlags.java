package dev.skiff.cli;

import dev.skiff.transport.SignatureOptions;
import dev.skiff.trust.policy.PolicyEvaluator;
import dev.skiff.trust.policy.PolicyFiles;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * skopeo's global trust flags, {@code --policy}, {@code --insecure-policy} and
 * {@code --registries.d}, on every command that reads images; as with skopeo they may come before
 * the command ({@code skiff --insecure-policy copy …}, read from {@link SkiffCli}) or after it.
 */
final class TrustFlags {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    @Option(
            names = "--policy",
            paramLabel = "PATH",
            description =
                    "Signature policy file (default: $HOME/.config/containers/policy.json, else /etc/containers/policy.json; with neither, any image is accepted).")
    Path policy;

    @Option(names = "--insecure-policy", description = "Accept any image, ignoring the signature policy.")
    boolean insecurePolicy;

    @Option(
            names = "--registries.d",
            paramLabel = "DIR",
            description =
                    "Directory of registries.d files saying where signatures live (default: $HOME/.config/containers/registries.d, else /etc/containers/registries.d).")
    Path registriesD;

    /** The policy to enforce; null when any image is accepted ({@code --insecure-policy}, or no policy file at all). */
    PolicyEvaluator evaluator() {
        SkiffCli global = global();
        boolean insecure = insecurePolicy || (global != null && global.insecurePolicy);
        if (insecure) {
            return null;
        }
        Path given = policy != null ? policy : global == null ? null : global.policy;
        return PolicyFiles.evaluator(given, false, debug() ? line -> System.err.println("DEBUG " + line) : null);
    }

    /** Where lookaside signatures are configured. */
    SignatureOptions storage() {
        SkiffCli global = global();
        Path dir = registriesD != null ? registriesD : global == null ? null : global.registriesD;
        SignatureOptions o = SignatureOptions.defaults().withRegistriesD(dir);
        return debug() ? o.withDebug(line -> System.err.println("DEBUG " + line)) : o;
    }

    private boolean debug() {
        SkiffCli global = global();
        if (global != null && global.debug) {
            return true;
        }
        var option = mixee == null ? null : mixee.findOption("--debug");
        return option != null && Boolean.TRUE.equals(option.getValue());
    }

    private SkiffCli global() {
        CommandSpec parent = mixee == null ? null : mixee.parent();
        return parent != null && parent.userObject() instanceof SkiffCli cli ? cli : null;
    }
}
