package dev.skiff.registry;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import java.util.List;

/**
 * A registry operation that failed, with its structure kept (rule 6): the HTTP status (0 when no
 * response arrived), the method, the URL with query and credentials removed, the OCI error codes
 * from the body ({@code MANIFEST_UNKNOWN}, {@code DENIED}, {@code TOOMANYREQUESTS}…) and whether a
 * retry makes sense. The message is what a user reads; it never carries credentials or tokens,
 * and never names a command-line flag: what to try is its {@link Hint}, with the registry host as
 * subject.
 */
public class RegistryException extends SkiffException {
    private final int status;
    private final String method;
    private final String url;
    private final List<String> codes;
    private final boolean retryable;

    public RegistryException(String message, int status, String method, String url, List<String> codes) {
        this(message, status, method, url, codes, defaultRetryable(status, codes), null);
    }

    public RegistryException(
            String message,
            int status,
            String method,
            String url,
            List<String> codes,
            boolean retryable,
            Throwable cause) {
        this(message, status, method, url, codes, retryable, Hint.NONE, null, cause);
    }

    /** With what to try ({@code hint}) about {@code registry} (host[:port], the hint's subject). */
    public RegistryException(
            String message,
            int status,
            String method,
            String url,
            List<String> codes,
            boolean retryable,
            Hint hint,
            String registry,
            Throwable cause) {
        super(message, hint, registry, Side.UNKNOWN, cause);
        this.status = status;
        this.method = method;
        this.url = url;
        this.codes = codes == null ? List.of() : List.copyOf(codes);
        this.retryable = retryable;
    }

    /**
     * Status first (408, 429 and 5xx are worth another try; other statuses are not), then the
     * codes, for registries that send a transient code with an unusual status.
     */
    public static boolean defaultRetryable(int status, List<String> codes) {
        if (status == 408 || status == 429 || (status >= 500 && status <= 599)) {
            return true;
        }
        if (status >= 400 && status < 500 && status != 0) {
            return codes != null && codes.contains("TOOMANYREQUESTS");
        }
        return false;
    }

    /** The HTTP status, or 0 when the registry could not be reached (no response). */
    public int status() {
        return status;
    }

    public String method() {
        return method;
    }

    /** The URL of the failed request, without query string or user info. */
    public String url() {
        return url;
    }

    /** The OCI error codes of the response body, in order; empty when there were none. */
    public List<String> codes() {
        return codes;
    }

    public boolean retryable() {
        return retryable;
    }

    public boolean hasCode(String code) {
        return codes.contains(code);
    }
}
