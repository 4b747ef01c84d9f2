package dev.skiff.registry;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Json;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;
import java.util.function.UnaryOperator;
import okhttp3.Response;

/** The error part of a registry response: status, OCI codes, and the first error's message. */
record ErrorBody(int status, List<String> codes, String message) {
    private static final int MAX_MESSAGE = 300;

    String summary() {
        StringBuilder b = new StringBuilder().append(status);
        if (!codes.isEmpty()) {
            b.append(' ').append(String.join(", ", codes));
        }
        if (message != null && !message.isBlank()) {
            b.append(": ").append(message);
        }
        return b.toString();
    }

    /**
     * Reads an error body (bounded to 1 MiB) and its OCI codes; a body that is not JSON gives none,
     * a larger one a message saying it was not read.
     * The message goes through {@code scrub} so a registry echoing a secret does not leak it.
     */
    static ErrorBody read(Response r, UnaryOperator<String> scrub) {
        List<String> codes = new ArrayList<>();
        String message = null;
        if (!r.request().method().equals("HEAD")) {
            try {
                byte[] raw = BoundedRead.readAll(r.body().byteStream(), BoundedRead.BODY_LIMIT, "error body");
                JsonNode root = Json.tree(raw);
                JsonNode errors = root == null ? null : root.get("errors");
                if (errors != null && errors.isArray()) {
                    for (JsonNode err : errors) {
                        String code = text(err, "code");
                        if (code != null) {
                            codes.add(code);
                        }
                        if (message == null) {
                            message = text(err, "message");
                        }
                    }
                }
            } catch (SkiffException tooLarge) {
                // Not read past the bound; say so, as the status alone may puzzle.
                message = "error body larger than the limit of " + BoundedRead.BODY_LIMIT + " bytes, not read";
            } catch (IOException | RuntimeException ignored) {
                // not JSON, or cut off: the status still says what happened
            }
        }
        if (message != null && message.length() > MAX_MESSAGE) {
            message = message.substring(0, MAX_MESSAGE) + "…";
        }
        return new ErrorBody(r.code(), codes, message == null ? null : scrub.apply(message));
    }

    static String text(JsonNode node, String field) {
        JsonNode v = node == null ? null : node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
