package dev.skiff.transport;

import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.concurrent.ThreadLocalRandom;

/**
 * How often, and after how long, a transient failure is tried again (skopeo's {@code --retry-times}
 * and {@code --retry-delay}). Without a fixed delay the waits back off exponentially from
 * {@code delay} (1 s, 2 s, 4 s…) with jitter, so parallel transfers do not retry in lockstep. A
 * server's {@code Retry-After} (seconds or an HTTP date) wins over the backoff; every wait is capped
 * at {@link #MAX_WAIT} so a registry cannot park a copy for hours.
 */
public record RetryPolicy(int times, Duration delay, boolean fixed) {
    public static final Duration MAX_WAIT = Duration.ofSeconds(60);
    public static final RetryPolicy DEFAULT = new RetryPolicy(3, Duration.ofSeconds(1), false);
    public static final RetryPolicy NONE = new RetryPolicy(0, Duration.ZERO, true);

    public RetryPolicy {
        if (times < 0) {
            throw new IllegalArgumentException("retry times must be 0 or more, not " + times);
        }
        if (delay == null || delay.isNegative()) {
            throw new IllegalArgumentException("retry delay must be 0 or more");
        }
    }

    /** skopeo's flags: {@code --retry-times N}, and {@code --retry-delay D} as a fixed delay (null: backoff). */
    public static RetryPolicy of(int times, Duration fixedDelay) {
        return fixedDelay == null
                ? new RetryPolicy(times, DEFAULT.delay, false)
                : new RetryPolicy(times, fixedDelay, true);
    }

    /**
     * The wait before retry number {@code attempt} (0 for the first retry): the server's
     * {@code Retry-After} when it sent a usable one, else the fixed delay or the jittered backoff.
     */
    public Duration waitBefore(int attempt, String retryAfter) {
        Duration asked = retryAfter(retryAfter);
        if (asked != null) {
            return cap(asked);
        }
        if (fixed) {
            return cap(delay);
        }
        long base = delay.toMillis() << Math.min(attempt, 20);
        // Full jitter in the upper half: between half and all of the exponential step.
        long jittered = base / 2 + (base <= 1 ? 0 : ThreadLocalRandom.current().nextLong(base / 2 + 1));
        return cap(Duration.ofMillis(jittered));
    }

    /** {@code Retry-After} as a duration from now: delta-seconds or an HTTP date; null when absent or unusable. */
    public static Duration retryAfter(String header) {
        if (header == null || header.isBlank()) {
            return null;
        }
        String h = header.trim();
        try {
            long seconds = Long.parseLong(h);
            return seconds < 0 ? null : Duration.ofSeconds(seconds);
        } catch (NumberFormatException notSeconds) {
            try {
                ZonedDateTime at = ZonedDateTime.parse(h, DateTimeFormatter.RFC_1123_DATE_TIME);
                Duration d = Duration.between(ZonedDateTime.now(at.getZone()), at);
                return d.isNegative() ? Duration.ZERO : d;
            } catch (DateTimeParseException notDate) {
                return null;
            }
        }
    }

    private static Duration cap(Duration d) {
        return d.compareTo(MAX_WAIT) > 0 ? MAX_WAIT : d;
    }

    /** Parses skopeo's duration syntax for {@code --retry-delay}: {@code 1s}, {@code 500ms}, {@code 1m30s}, {@code 2h}. */
    public static Duration parseDuration(String text) {
        String s = text == null ? "" : text.trim();
        if (s.equals("0")) {
            return Duration.ZERO;
        }
        java.util.regex.Matcher m = java.util.regex.Pattern.compile("(\\d+(?:\\.\\d+)?)(ns|us|µs|ms|s|m|h)")
                .matcher(s);
        double nanos = 0;
        int end = 0;
        while (m.find() && m.start() == end) {
            double v = Double.parseDouble(m.group(1));
            nanos += v
                    * switch (m.group(2)) {
                        case "ns" -> 1d;
                        case "us", "µs" -> 1e3;
                        case "ms" -> 1e6;
                        case "s" -> 1e9;
                        case "m" -> 60e9;
                        default -> 3600e9;
                    };
            end = m.end();
        }
        if (s.isEmpty() || end != s.length()) {
            throw new IllegalArgumentException(
                    "invalid duration \"" + text + "\": use a number with a unit, e.g. 1s, 500ms, 1m30s");
        }
        return Duration.ofNanos((long) nanos);
    }
}
