package dev.skiff.cli;

import dev.skiff.transport.UnknownTransportException;
import java.io.PrintWriter;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import picocli.CommandLine;
import picocli.CommandLine.IParameterExceptionHandler;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Model.PositionalParamSpec;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.UnmatchedArgumentException;

/**
 * A usage error in at most four lines, exit 2: what is wrong, the nearest flag or command when one
 * is near ("did you mean --digestfile?"), and the command's one-line usage with where its help is;
 * never the whole option list, which buries the one line that matters.
 */
final class UsageErrors implements IParameterExceptionHandler {
    static final int EXIT = 2;

    @Override
    public int handleParseException(ParameterException ex, String[] args) {
        CommandLine cmd = ex.getCommandLine();
        String message = String.valueOf(ex.getMessage());
        if (ex instanceof UnmatchedArgumentException u
                && cmd.getCommandSpec().parent() == null
                && !u.getUnmatched().isEmpty()
                && !u.getUnmatched().get(0).startsWith("-")) {
            message = "unknown command \"" + u.getUnmatched().get(0) + "\"";
        }
        int newline = message.indexOf('\n');
        print(cmd, newline < 0 ? message : message.substring(0, newline), suggestion(ex, cmd));
        return EXIT;
    }

    /** An unknown transport in a reference: bad input, said as a usage error with the nearest transport. */
    static int unknownTransport(CommandLine cmd, UnknownTransportException e) {
        String near = Nearest.to(e.name(), e.known());
        print(cmd, e.getMessage(), near == null ? null : "Did you mean " + near + ":?");
        return EXIT;
    }

    private static void print(CommandLine cmd, String message, String suggestion) {
        PrintWriter err = cmd.getErr();
        err.println("Error: " + message);
        if (suggestion != null) {
            err.println(suggestion);
        }
        err.println(synopsis(cmd.getCommandSpec()));
        err.flush();
    }

    /** {@code Usage: skiff copy [OPTIONS] SOURCE DESTINATION (see ./jbang copy --help)}. */
    static String synopsis(CommandSpec spec) {
        StringBuilder b = new StringBuilder("Usage: ").append(spec.qualifiedName());
        boolean root = spec.parent() == null;
        if (root) {
            b.append(" [GLOBAL OPTIONS] COMMAND [OPTIONS] ARGS…");
        } else {
            b.append(" [OPTIONS]");
            for (PositionalParamSpec p : spec.positionalParameters()) {
                b.append(' ').append(p.paramLabel());
            }
        }
        return b.append(" (see ./jbang ")
                .append(root ? "" : spec.name() + " ")
                .append("--help)")
                .toString();
    }

    /** "Did you mean X?" for the first unknown flag or command near a known one; else null. */
    static String suggestion(ParameterException ex, CommandLine cmd) {
        if (!(ex instanceof UnmatchedArgumentException unmatched)) {
            return null;
        }
        CommandSpec spec = cmd.getCommandSpec();
        List<String> words = unmatched.getUnmatched();
        for (String word : words) {
            if (word.startsWith("-")) {
                String flag = word.contains("=") ? word.substring(0, word.indexOf('=')) : word;
                String near = Nearest.to(flag, spec.optionsMap().keySet());
                if (near != null) {
                    return "Did you mean " + near + "?";
                }
            } else if (spec.parent() == null) {
                Set<String> commands = new TreeSet<>(SkiffCli.commandNames());
                String near = Nearest.to(word, commands);
                if (near != null) {
                    return "Did you mean " + near + "? (commands: " + String.join(", ", commands) + ")";
                }
                return "Commands: " + String.join(", ", commands);
            }
        }
        return null;
    }
}
