package dev.skiff.auth;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Optional;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.regex.Pattern;

/**
 * Docker's credential-helper protocol: {@code docker-credential-NAME get} reads the server on
 * stdin and prints {@code {"ServerURL":…,"Username":…,"Secret":…}}; "not found" is an exit status
 * of 1 with {@code credentials not found} on its output. The helper is found on PATH.
 */
public final class CredentialHelper {
    private static final Pattern NAME = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]*");
    private static final long TIMEOUT_SECONDS = 60;

    private CredentialHelper() {}

    /** Asks helper {@code name} for the credentials of {@code server}; {@code origin} names where the helper was configured. */
    public static Optional<Credentials> get(String name, String server, String origin) {
        String program = "docker-credential-" + name;
        if (!NAME.matcher(name).matches()) {
            throw new SkiffException("invalid credential helper name \"" + name + "\" in " + origin);
        }
        Process p;
        try {
            p = new ProcessBuilder(program, "get").start();
        } catch (IOException e) {
            throw new SkiffException("cannot run credential helper " + program + " (configured in " + origin + " for "
                    + server + "): " + e.getMessage() + "; install it on PATH or remove it from that file");
        }
        try {
            CompletableFuture<byte[]> out = drain(p.getInputStream());
            CompletableFuture<byte[]> err = drain(p.getErrorStream());
            try (OutputStream in = p.getOutputStream()) {
                in.write(server.getBytes(StandardCharsets.UTF_8));
            } catch (IOException ignored) {
                // a helper that exits without reading stdin still gets its status read below
            }
            if (!p.waitFor(TIMEOUT_SECONDS, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                throw new SkiffException(
                        "credential helper " + program + " did not answer within " + TIMEOUT_SECONDS + " s");
            }
            String stdout = new String(out.join(), StandardCharsets.UTF_8).trim();
            if (p.exitValue() != 0) {
                String said = (stdout + " " + new String(err.join(), StandardCharsets.UTF_8)).trim();
                if (said.toLowerCase(java.util.Locale.ROOT).contains("credentials not found")) {
                    return Optional.empty();
                }
                // The helper's words, shortened; a helper has no reason to print a secret when it fails.
                throw new SkiffException("credential helper " + program + " failed for " + server + " (exit "
                        + p.exitValue() + "): " + (said.length() > 200 ? said.substring(0, 200) + "…" : said));
            }
            JsonNode reply;
            try {
                reply = Json.tree(stdout);
            } catch (IOException e) {
                throw new SkiffException(
                        "credential helper " + program + " printed something that is not JSON for " + server);
            }
            String username = reply == null ? null : text(reply, "Username");
            String secret = reply == null ? null : text(reply, "Secret");
            if (username == null || username.isEmpty() || secret == null) {
                return Optional.empty();
            }
            return Optional.of(new Credentials(username, secret));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            p.destroyForcibly();
            throw new SkiffException("interrupted while waiting for credential helper " + program);
        }
    }

    private static CompletableFuture<byte[]> drain(InputStream in) {
        return CompletableFuture.supplyAsync(() -> {
            try (in) {
                return BoundedRead.readAll(in, BoundedRead.BODY_LIMIT, "credential helper output");
            } catch (IOException | RuntimeException e) {
                return new byte[0];
            }
        });
    }

    private static String text(JsonNode node, String field) {
        JsonNode v = node.get(field);
        return v == null || v.isNull() ? null : v.asText();
    }
}
