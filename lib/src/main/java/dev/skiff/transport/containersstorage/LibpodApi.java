package dev.skiff.transport.containersstorage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.UnixHttp;
import dev.skiff.model.Json;
import dev.skiff.transport.ImageNotFoundException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Optional;

/**
 * The calls of Podman's libpod REST API that {@code containers-storage:} makes, on one unix socket:
 * ping, inspect, list, load (an OCI archive streamed in), export (one streamed out), delete.
 * Errors carry libpod's own {@code message} and name the image as the user wrote it.
 */
final class LibpodApi {
    /** Podman 4.0 is the oldest libpod API with everything used here; newer services answer it too. */
    private static final String PREFIX = "/v4.0.0/libpod";

    private final UnixHttp http;
    private final String where;

    /** {@code where} names the store (or service) in messages. */
    LibpodApi(Path socket, String where, String whenUnreachable) {
        this.where = where;
        this.http = new UnixHttp(socket, "Podman's service", whenUnreachable);
    }

    String where() {
        return where;
    }

    Path socket() {
        return http.socket();
    }

    /** True when the service answers {@code _ping}; false when nothing (or something else) listens. */
    boolean answers() {
        try (UnixHttp.Response r = http.get(PREFIX + "/_ping")) {
            return r.ok();
        } catch (IOException | RuntimeException e) {
            return false;
        }
    }

    /** libpod's inspect of the image called {@code name} (a name, or an ID); empty when there is none. */
    Optional<JsonNode> inspect(String name) throws IOException {
        try (UnixHttp.Response r = http.get(PREFIX + "/images/" + path(name) + "/json")) {
            if (r.status() == 404) {
                return Optional.empty();
            }
            if (!r.ok()) {
                throw failure(r, "inspecting " + name);
            }
            return Optional.of(json(r, "the inspection of " + name));
        }
    }

    /** Every image in the store (libpod's {@code images/json}). */
    JsonNode list() throws IOException {
        try (UnixHttp.Response r = http.get(PREFIX + "/images/json")) {
            if (!r.ok()) {
                throw failure(r, "listing the images");
            }
            return json(r, "the image list");
        }
    }

    /** Starts a {@code POST images/load} whose body, an OCI archive, the caller streams. */
    UnixHttp.Upload startLoad() throws IOException {
        return http.upload(PREFIX + "/images/load", "application/x-tar");
    }

    /** Reads the answer to a finished load: the names Podman gave the image. */
    JsonNode loaded(UnixHttp.Response r, String what) throws IOException {
        try (r) {
            if (!r.ok()) {
                throw failure(r, "loading " + what);
            }
            return json(r, "the answer to loading " + what);
        }
    }

    /** The image as an OCI archive ({@code podman save --format oci-archive}); the caller reads and closes it. */
    InputStream export(String name, String what) throws IOException {
        UnixHttp.Response r = http.get(PREFIX + "/images/" + path(name) + "/get?format=oci-archive");
        if (!r.ok()) {
            try (r) {
                if (r.status() == 404) {
                    throw notFound(what, message(r));
                }
                throw failure(r, "reading " + what);
            }
        }
        return r.body();
    }

    /** Removes the name (the image with it when no other name is left), as {@code podman rmi NAME}. */
    JsonNode delete(String name, String what) throws IOException {
        try (UnixHttp.Response r = http.delete(PREFIX + "/images/" + path(name))) {
            if (r.status() == 404) {
                throw notFound(what, message(r));
            }
            if (!r.ok()) {
                throw failure(r, "deleting " + what);
            }
            return json(r, "the answer to deleting " + what);
        }
    }

    ImageNotFoundException notFound(String what, String why) {
        return new ImageNotFoundException("no image " + what + " in " + where + (why.isEmpty() ? "" : ": " + why)
                + " (check the name and tag with `podman images`, or copy it into the store first)");
    }

    /** Names, IDs and digests go into the path as they are: libpod's routes take the rest of the path as the name. */
    private static String path(String name) {
        StringBuilder b = new StringBuilder();
        for (char c : name.toCharArray()) {
            if (Character.isLetterOrDigit(c) || "-._~/:@".indexOf(c) >= 0) {
                b.append(c);
            } else {
                for (byte x : String.valueOf(c).getBytes(StandardCharsets.UTF_8)) {
                    b.append('%').append(String.format("%02X", x & 0xff));
                }
            }
        }
        return b.toString();
    }

    private JsonNode json(UnixHttp.Response r, String what) throws IOException {
        return Json.parse(BoundedRead.readAll(r.body(), BoundedRead.BODY_LIMIT, what + " from " + where), what);
    }

    private SkiffException failure(UnixHttp.Response r, String what) throws IOException {
        return new SkiffException(
                what + " failed: " + where + " answered " + r.status() + " " + r.reason() + ": " + message(r));
    }

    /** The {@code message} of a libpod error body, or the body itself when it is not JSON. */
    private String message(UnixHttp.Response r) throws IOException {
        byte[] body;
        try {
            body = BoundedRead.readAll(r.body(), BoundedRead.BODY_LIMIT, "the error from " + where);
        } catch (SkiffException e) {
            return "(an error body over " + BoundedRead.BODY_LIMIT + " bytes)";
        }
        String text = new String(body, StandardCharsets.UTF_8).trim();
        try {
            JsonNode json = Json.parse(body, "error");
            if (json.hasNonNull("message")) {
                return json.get("message").asText();
            }
        } catch (RuntimeException notJson) {
            // fall through to the plain text
        }
        return text.length() > 500 ? text.substring(0, 500) + "…" : text;
    }
}
