package dev.skiff.cli;

import dev.skiff.Hint;
import dev.skiff.SkiffException;
import dev.skiff.name.UserInfo;
import java.io.PrintWriter;
import java.util.LinkedHashSet;
import java.util.Set;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one line a person can act on, and exits 1: Skiff's message, then what to try
 * in the flags of the command that failed (its {@link Advice}), so {@code copy} never advises a
 * flag only {@code inspect} takes. Anything not Skiff's is shown with its type so it can be
 * reported. Set SKIFF_DEBUG=1 for the stack trace.
 */
public final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        if (e instanceof dev.skiff.transport.UnknownTransportException unknown) {
            return UsageErrors.unknownTransport(cmd, unknown); // bad input: exit 2, with the nearest transport
        }
        Advice advice = cmd.getCommand() instanceof Advised advised ? advised.advice() : Advice.NONE;
        cmd.getErr().println(line(e, advice));
        if (System.getenv("SKIFF_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return 1;
    }

    /** {@code Error: MESSAGE}, followed by {@code : ADVICE} when the failure has a hint the command words. */
    public static String line(Throwable e, Advice advice) {
        String message = e instanceof SkiffException
                ? e.getMessage()
                : e instanceof java.io.IOException
                        ? "I/O error: " + e.getMessage()
                        : e.getClass().getSimpleName() + ": " + e.getMessage();
        String tip = advice(e, advice);
        // a reference the user typed with a password in it must not come back in any message
        return "Error: " + UserInfo.redact(message) + (tip == null ? "" : ": " + tip);
    }

    /** The advice for the nearest failure in {@code e}'s causes that has a hint, or null. */
    static String advice(Throwable e, Advice advice) {
        for (Throwable t = e; t != null; t = t.getCause()) {
            if (t instanceof SkiffException s && s.hint() != Hint.NONE) {
                return advice.advise(s.hint(), s.side(), s.subject());
            }
            if (t.getCause() == t) {
                break;
            }
        }
        return null;
    }

    /**
     * For sync and mirror, whose failed images are logged and summed up rather than thrown: one
     * error line on stderr for each distinct advice their failures have, so what to try reaches
     * stderr once, not once per image.
     */
    public static void adviseFailures(PrintWriter err, Iterable<? extends Throwable> failures, Advice advice) {
        Set<String> said = new LinkedHashSet<>();
        Set<String> lines = new LinkedHashSet<>();
        for (Throwable f : failures) {
            String tip = f == null ? null : advice(f, advice);
            if (tip != null && said.add(tip)) {
                lines.add(line(f, advice));
            }
        }
        lines.forEach(err::println);
        err.flush();
    }
}
