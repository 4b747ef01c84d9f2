package dev.skiff.cli;

import dev.skiff.SkiffException;
import picocli.CommandLine;
import picocli.CommandLine.IExecutionExceptionHandler;
import picocli.CommandLine.ParseResult;

/**
 * Prints a failure as one line a person can act on, and exits 1. Skiff's own exceptions already
 * carry such a message; anything else is shown with its type so it can be reported. Set
 * SKIFF_DEBUG=1 for the stack trace.
 */
public final class ErrorReporter implements IExecutionExceptionHandler {
    @Override
    public int handleExecutionException(Exception e, CommandLine cmd, ParseResult parsed) {
        String message = e instanceof SkiffException ? e.getMessage()
                : e instanceof java.io.IOException ? "I/O error: " + e.getMessage()
                : e.getClass().getSimpleName() + ": " + e.getMessage();
        cmd.getErr().println("Error: " + message);
        if (System.getenv("SKIFF_DEBUG") != null) {
            e.printStackTrace(cmd.getErr());
        }
        cmd.getErr().flush();
        return 1;
    }
}
