package dev.skiff.cli;

import java.util.List;
import picocli.CommandLine;
import picocli.CommandLine.Model.CommandSpec;

/** The REGISTRY argument of login/logout: {@code HOST[:PORT][/NAMESPACE…]}, also written {@code docker://…}. */
final class LoginKeys {
    private LoginKeys() {}

    static String key(CommandSpec spec, List<String> args, String missing, String tooMany) {
        if (args == null || args.isEmpty()) {
            throw new CommandLine.ParameterException(spec.commandLine(), missing);
        }
        if (args.size() > 1) {
            throw new CommandLine.ParameterException(spec.commandLine(), tooMany);
        }
        String key = args.get(0);
        if (key.startsWith("docker://")) {
            key = key.substring("docker://".length());
        }
        while (key.endsWith("/")) {
            key = key.substring(0, key.length() - 1);
        }
        if (key.isEmpty()
                || key.startsWith("/")
                || key.contains("://")
                || key.contains("@")
                || key.chars().anyMatch(Character::isWhitespace)) {
            throw new CommandLine.ParameterException(
                    spec.commandLine(),
                    "invalid registry \"" + args.get(0)
                            + "\": expected HOST[:PORT] or HOST[:PORT]/NAMESPACE, e.g. 127.0.0.1:5000 or quay.io/team");
        }
        return key;
    }

    /** The host[:port] part of a key. */
    static String registry(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? key : key.substring(0, slash);
    }

    /** The namespace part of a key, or null. */
    static String namespace(String key) {
        int slash = key.indexOf('/');
        return slash < 0 ? null : key.substring(slash + 1);
    }
}
