package dev.skiff.cli;

import dev.skiff.transport.RetryPolicy;
import dev.skiff.transport.TransportOptions;
import java.time.Duration;
import picocli.CommandLine.ITypeConverter;
import picocli.CommandLine.Model.CommandSpec;
import picocli.CommandLine.Option;
import picocli.CommandLine.ParameterException;
import picocli.CommandLine.Spec;

/**
 * Flags for every registry conversation of a command (both sides of a copy): skopeo's
 * {@code --retry-times} and {@code --retry-delay}, and {@code --debug}, which prints each request
 * line (method, URL without its query, status, rate limit) to stderr and never a secret.
 */
final class NetworkOptions {
    @Spec(Spec.Target.MIXEE)
    CommandSpec mixee;

    private int retryTimes = RetryPolicy.DEFAULT.times();

    @Option(
            names = "--retry-delay",
            paramLabel = "DURATION",
            converter = DurationConverter.class,
            description =
                    "Fixed delay between retries, e.g. 1s or 500ms (default: exponential backoff from 1s with jitter).")
    Duration retryDelay;

    @Option(
            names = "--debug",
            description = "Print each registry request line to stderr (never credentials, tokens or signed URLs).")
    boolean debug;

    @Option(
            names = "--retry-times",
            paramLabel = "N",
            description = "How many times to retry a failed request or a cut download (default 3).")
    void retryTimes(int n) {
        if (n < 0) {
            throw new ParameterException(mixee.commandLine(), "--retry-times must be 0 or more, not " + n);
        }
        retryTimes = n;
    }

    /** {@code options} with these flags' retry policy and debug sink. */
    TransportOptions apply(TransportOptions options) {
        TransportOptions o = options.withRetry(RetryPolicy.of(retryTimes, retryDelay));
        return debug || globalDebug() ? o.withDebug(line -> System.err.println("DEBUG " + line)) : o;
    }

    /** The global form, {@code skiff --debug COMMAND}: an option of the parent command, read from it. */
    private boolean globalDebug() {
        CommandSpec parent = mixee == null ? null : mixee.parent();
        return parent != null && parent.userObject() instanceof SkiffCli cli && cli.debug;
    }

    static final class DurationConverter implements ITypeConverter<Duration> {
        @Override
        public Duration convert(String value) {
            try {
                return RetryPolicy.parseDuration(value);
            } catch (IllegalArgumentException e) {
                throw new picocli.CommandLine.TypeConversionException(e.getMessage());
            }
        }
    }
}
