package dev.skiff.cli;

import dev.skiff.transport.SignatureOptions;
import dev.skiff.trust.policy.PolicyEvaluator;
import dev.skiff.trust.policy.PolicyFiles;
import java.nio.file.Path;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.OptionSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.Spec;

/**
 * skopeo's global trust flags, {@code --policy}, {@code --insecure-policy} and
 * {@code --registries.d}, on every command that reads images; as with skopeo they may come before
 * the command ({@code skiff --insecure-policy copy …}, read from {@link SkiffCli}) or after it.
 * Commands that read no images take them too ({@link #acceptEverywhere}).
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

    /**
     * skopeo's trust flags are persistent: every command takes them after its name, those that read
     * no signatures too ({@code skopeo list-tags --insecure-policy …} works). This adds each one
     * {@code command} has no flag of its own for, accepted and without effect, so a runbook line
     * runs as it did with skopeo instead of stopping at an unknown option.
     */
    static void acceptEverywhere(CommandSpec command) {
        String unused = "Accepted as skopeo's global flag; " + command.name() + " reads no ";
        accept(command, "--policy", Path.class, "PATH", unused + "signature policy.");
        accept(command, "--insecure-policy", boolean.class, null, unused + "signature policy.");
        accept(command, "--registries.d", Path.class, "DIR", unused + "signatures.");
    }

    private static void accept(CommandSpec command, String name, Class<?> type, String label, String description) {
        if (command.findOption(name) == null) {
            OptionSpec.Builder option = OptionSpec.builder(name).type(type).description(description);
            command.addOption((label == null ? option : option.paramLabel(label)).build());
        }
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
