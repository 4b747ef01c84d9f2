package dev.skiff.registry;

import java.io.IOException;
import java.io.InterruptedIOException;
import java.net.ConnectException;
import java.net.SocketTimeoutException;
import java.net.UnknownHostException;
import java.util.Locale;
import javax.net.ssl.SSLException;

/** What an I/O failure (no HTTP answer) was: worth another try, a refusal, a TLS problem. */
final class Failures {
    private Failures() {}

    /**
     * Resets, cut-off bodies, timeouts and failed connects are worth another try; a refused
     * connection (nothing listening), an unknown host, a TLS failure or an interrupt are not.
     */
    static boolean retryable(IOException e) {
        if (has(e, UnknownHostException.class) || has(e, SSLException.class)) {
            return false;
        }
        if (refused(e)) {
            return false;
        }
        IOException own = e instanceof RedirectPolicy.TargetFailed t ? t.failure() : e;
        return !(own instanceof InterruptedIOException) || own instanceof SocketTimeoutException;
    }

    static boolean refused(IOException e) {
        return has(e, ConnectException.class) && chainMentions(e, "refused");
    }

    static boolean has(Throwable t, Class<? extends Throwable> type) {
        return find(t, type) != null;
    }

    /** The nearest failure of {@code type} in {@code t}'s chain of causes, or null. */
    static <T extends Throwable> T find(Throwable t, Class<T> type) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (type.isInstance(c)) {
                return type.cast(c);
            }
        }
        return null;
    }

    static boolean chainMentions(Throwable t, String word) {
        for (Throwable c = t; c != null; c = c.getCause()) {
            if (c.getMessage() != null
                    && c.getMessage().toLowerCase(Locale.ROOT).contains(word)) {
                return true;
            }
        }
        return false;
    }

    /** The message of the deepest cause, or its type when it has none. */
    static String rootMessage(Throwable t) {
        Throwable c = t;
        while (c.getCause() != null && c.getCause() != c) {
            c = c.getCause();
        }
        String m = c.getMessage();
        return m == null ? c.getClass().getSimpleName() : m;
    }
}
