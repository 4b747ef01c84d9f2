package dev.skiff.transport.dockerdaemon;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.io.UnixHttp;
import dev.skiff.model.Json;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * The two Docker Engine API calls the docker-daemon transport needs, as Docker and Podman
 * ({@code podman system service}) both serve them: {@code POST /images/load} and
 * {@code GET /images/{name}/get}. The socket comes from {@code DOCKER_HOST} (only
 * {@code unix://} addresses), else {@code /var/run/docker.sock}.
 */
final class EngineApi {
    static final String DEFAULT_SOCKET = "/var/run/docker.sock";
    /** The oldest API version that has everything used here and that current Docker and Podman still serve. */
    private static final String VERSION = "/v1.41";

    private final UnixHttp http;

    EngineApi(Path socket) {
        this.http = new UnixHttp(
                socket,
                "the Docker Engine API",
                "start dockerd, or `podman system service --time=0 unix://" + socket
                        + "`, or point DOCKER_HOST=unix:///path/to/socket at a running one");
    }

    static EngineApi fromEnvironment() {
        return new EngineApi(socketFrom(System.getenv("DOCKER_HOST")));
    }

    /** The daemon the options name (skopeo's {@code --daemon-host}), else the one {@code DOCKER_HOST} names. */
    static EngineApi from(dev.skiff.transport.TransportOptions options) {
        String host = options == null ? null : options.extras().daemonHost();
        if (host == null) {
            return fromEnvironment();
        }
        if (!host.startsWith("unix://") || host.length() == "unix://".length()) {
            throw new SkiffException("daemon host " + host + " is not supported: docker-daemon: speaks to a local"
                    + " unix socket only; name one as unix:///path/to/docker.sock");
        }
        return new EngineApi(Path.of(host.substring("unix://".length())));
    }

    static Path socketFrom(String dockerHost) {
        if (dockerHost == null || dockerHost.isBlank()) {
            return Path.of(DEFAULT_SOCKET);
        }
        if (!dockerHost.startsWith("unix://") || dockerHost.length() == "unix://".length()) {
            throw new SkiffException("DOCKER_HOST=" + dockerHost + " is not supported: docker-daemon: speaks to a local"
                    + " unix socket only; set DOCKER_HOST=unix:///path/to/docker.sock (or unset it for "
                    + DEFAULT_SOCKET + ")");
        }
        return Path.of(dockerHost.substring("unix://".length()));
    }

    String where() {
        return "the Docker Engine API at unix://" + http.socket();
    }

    /** Fails early, with what to start, when nothing answers on the socket. */
    void ping() throws IOException {
        try (UnixHttp.Response r = http.get("/_ping")) {
            if (!r.ok()) {
                throw failure(r, "the daemon is not ready");
            }
        }
    }

    /**
     * Streams a docker-archive into the daemon. Docker answers 200 and reports a failed load in the
     * JSON message stream, so the stream is read to its end and any {@code error} in it fails.
     */
    String load(UnixHttp.Body archive) throws IOException {
        try (UnixHttp.Response r = http.post(VERSION + "/images/load?quiet=1", "application/x-tar", archive)) {
            if (!r.ok()) {
                throw failure(r, "loading the image failed");
            }
            StringBuilder loaded = new StringBuilder();
            BufferedReader lines = new BufferedReader(new InputStreamReader(
                    new java.io.ByteArrayInputStream(
                            BoundedRead.readAll(r.body(), BoundedRead.BODY_LIMIT, "the answer of " + where())),
                    StandardCharsets.UTF_8));
            String line;
            while ((line = lines.readLine()) != null) {
                if (line.isBlank()) {
                    continue;
                }
                JsonNode message = Json.parse(line.getBytes(StandardCharsets.UTF_8), "a message from " + where());
                if (message.hasNonNull("error")) {
                    throw new SkiffException(where() + " refused the image: "
                            + message.get("error").asText());
                }
                if (message.hasNonNull("stream")) {
                    loaded.append(message.get("stream").asText().trim());
                }
            }
            return loaded.toString();
        }
    }

    /** The docker-archive of one image ({@code docker save NAME}); the caller reads it to the end and closes it. */
    InputStream save(String name) throws IOException {
        UnixHttp.Response r = http.get(VERSION + "/images/" + name + "/get");
        if (!r.ok()) {
            try (r) {
                if (r.status() == 404) {
                    throw new dev.skiff.transport.ImageNotFoundException("no image " + name + " in " + where() + ": "
                            + message(r) + " (pull or load it first, or check the name and tag)");
                }
                throw failure(r, "reading image " + name + " failed");
            }
        }
        return r.body();
    }

    private SkiffException failure(UnixHttp.Response r, String what) throws IOException {
        return new SkiffException(
                what + ": " + where() + " answered " + r.status() + " " + r.reason() + ": " + message(r));
    }

    /** The {@code message} of an Engine API error body, or the body itself when it is not JSON. */
    private String message(UnixHttp.Response r) throws IOException {
        byte[] body;
        try {
            body = BoundedRead.readAll(r.body(), BoundedRead.BODY_LIMIT, "the error from " + where());
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
