package dev.skiff.trust.ocicrypt;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.SkiffException;
import dev.skiff.model.Json;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/**
 * ocicrypt's key-provider protocol, command form: the provider named {@code NAME} in the JSON file
 * {@code $OCICRYPT_KEYPROVIDER_CONFIG} ({@code {"key-providers": {"NAME": {"cmd": {"path": …,
 * "args": […]}}}}}) is run once per layer key, reads {@code {"op":"keywrap","keywrapparams":…}} or
 * {@code {"op":"keyunwrap","keyunwrapparams":…}} on stdin and answers {@code keywrapresults} or
 * {@code keyunwrapresults} on stdout. The wait is bounded ({@code SKIFF_KEYPROVIDER_TIMEOUT}
 * seconds, 30 by default) and the answer is read with a bound, so a provider that hangs or
 * floods fails the copy instead of stalling it. The gRPC form is refused with a clear message.
 */
public final class KeyProvider {
    public static final String CONFIG_ENV = "OCICRYPT_KEYPROVIDER_CONFIG";
    public static final String TIMEOUT_ENV = "SKIFF_KEYPROVIDER_TIMEOUT";
    private static final int ANSWER_LIMIT = 1 << 20;

    private final String name;
    private final String parameter;
    private final List<String> command;
    private final long timeoutSeconds;

    private KeyProvider(String name, String parameter, List<String> command, long timeoutSeconds) {
        this.name = name;
        this.parameter = parameter;
        this.command = command;
        this.timeoutSeconds = timeoutSeconds;
    }

    public String name() {
        return name;
    }

    String annotation() {
        return OciCrypt.KEYS_PROVIDER + name;
    }

    /**
     * The provider {@code spec} names ({@code NAME} or {@code NAME:PARAMETER}, as after
     * {@code provider:}), looked up in the configuration file {@code env} points to.
     */
    static KeyProvider of(String spec, Map<String, String> env) {
        int colon = spec.indexOf(':');
        String name = colon > 0 ? spec.substring(0, colon) : spec;
        String parameter = colon > 0 ? spec.substring(colon + 1) : "Enabled";
        if (name.isEmpty()) {
            throw new SkiffException("key provider \"provider:" + spec + "\" has no name");
        }
        String file = env.get(CONFIG_ENV);
        if (file == null || file.isBlank()) {
            throw new SkiffException("key provider \"" + name + "\" cannot be found: " + CONFIG_ENV
                    + " is not set (it names the JSON file that lists key providers)");
        }
        JsonNode config;
        try {
            config = Json.parse(
                    dev.skiff.io.BoundedRead.readAll(
                            Files.newInputStream(Path.of(file)), ANSWER_LIMIT, "key provider configuration " + file),
                    "key provider configuration " + file);
        } catch (IOException e) {
            throw new SkiffException(
                    "cannot read the key provider configuration " + file + " (" + CONFIG_ENV + "): " + e.getMessage());
        } catch (RuntimeException e) {
            throw new SkiffException(
                    "the key provider configuration " + file + " is not valid JSON: " + e.getMessage());
        }
        JsonNode attrs = config.path("key-providers").get(name);
        if (attrs == null) {
            throw new SkiffException("key provider \"" + name + "\" is not in " + file + " (" + CONFIG_ENV + ")");
        }
        JsonNode cmd = attrs.get("cmd");
        if (cmd == null || !cmd.hasNonNull("path")) {
            if (attrs.has("grpc")) {
                throw new SkiffException("key provider \"" + name + "\" in " + file
                        + " is a gRPC provider, which Skiff does not support; configure its \"cmd\" form");
            }
            throw new SkiffException("key provider \"" + name + "\" in " + file + " has no \"cmd\" with a \"path\"");
        }
        List<String> command = new ArrayList<>();
        command.add(cmd.get("path").asText());
        cmd.path("args").forEach(a -> command.add(a.asText()));
        long timeout = 30;
        String t = env.get(TIMEOUT_ENV);
        if (t != null && !t.isBlank()) {
            try {
                timeout = Long.parseLong(t.trim());
            } catch (NumberFormatException e) {
                throw new SkiffException(TIMEOUT_ENV + " must be a whole number of seconds, not \"" + t + "\"");
            }
        }
        return new KeyProvider(name, parameter, command, Math.max(1, timeout));
    }

    /** Asks the provider to wrap {@code optsData}; returns the annotation bytes it answers. */
    byte[] wrap(byte[] optsData) {
        ObjectNode input = Json.object();
        input.put("op", "keywrap");
        ObjectNode params = input.putObject("keywrapparams");
        ObjectNode ec = params.putObject("ec");
        parameters(ec.putObject("Parameters"));
        ec.putObject("DecryptConfig").putNull("Parameters");
        params.put("optsdata", CipherOptions.b64(optsData));
        ObjectNode unwrap = input.putObject("keyunwrapparams");
        unwrap.putNull("dc");
        unwrap.putNull("annotation");
        JsonNode answer = run(input, "keywrap");
        return field(answer, "keywrapresults", "annotation", "keywrap");
    }

    /** Asks the provider to unwrap {@code annotation}; returns the layer's private options. */
    byte[] unwrap(byte[] annotation) {
        ObjectNode input = Json.object();
        input.put("op", "keyunwrap");
        ObjectNode wrapParams = input.putObject("keywrapparams");
        wrapParams.putNull("ec");
        wrapParams.putNull("optsdata");
        ObjectNode params = input.putObject("keyunwrapparams");
        parameters(params.putObject("dc").putObject("Parameters"));
        params.put("annotation", CipherOptions.b64(annotation));
        JsonNode answer = run(input, "keyunwrap");
        return field(answer, "keyunwrapresults", "optsdata", "keyunwrap");
    }

    private void parameters(ObjectNode p) {
        ArrayNode values = p.putArray(name);
        values.add(CipherOptions.b64(parameter.getBytes(StandardCharsets.UTF_8)));
    }

    private byte[] field(JsonNode answer, String results, String field, String op) {
        JsonNode value = answer.path(results).get(field);
        if (value == null || !value.isTextual() || value.asText().isEmpty()) {
            throw failure(op, "its answer has no " + results + "." + field);
        }
        try {
            return CipherOptions.unb64(value.asText());
        } catch (IllegalArgumentException e) {
            throw failure(op, "its " + results + "." + field + " is not base64");
        }
    }

    private JsonNode run(ObjectNode input, String op) {
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectError(ProcessBuilder.Redirect.PIPE)
                    .start();
        } catch (IOException e) {
            throw failure(op, "it cannot be started (" + command.get(0) + "): " + e.getMessage());
        }
        try {
            CompletableFuture<byte[]> out = CompletableFuture.supplyAsync(() -> drain(process.getInputStream()));
            CompletableFuture<byte[]> err = CompletableFuture.supplyAsync(() -> drain(process.getErrorStream()));
            try (OutputStream stdin = process.getOutputStream()) {
                stdin.write(Json.bytes(input));
            } catch (IOException ignored) {
                // a provider that does not read its input fails below with its own exit status
            }
            if (!process.waitFor(timeoutSeconds, TimeUnit.SECONDS)) {
                throw failure(op, "it did not answer within " + timeoutSeconds + " s (" + TIMEOUT_ENV + ")");
            }
            byte[] stdout = out.get(timeoutSeconds, TimeUnit.SECONDS);
            if (process.exitValue() != 0) {
                String stderr = new String(err.get(timeoutSeconds, TimeUnit.SECONDS), StandardCharsets.UTF_8)
                        .strip()
                        .replaceAll("\\s+", " ");
                throw failure(
                        op,
                        "it exited with status " + process.exitValue()
                                + (stderr.isEmpty() ? "" : ": " + abbreviate(stderr)));
            }
            if (stdout.length > ANSWER_LIMIT) {
                throw failure(op, "its answer is larger than " + ANSWER_LIMIT + " bytes");
            }
            try {
                return Json.parse(stdout, "the answer of key provider " + name);
            } catch (RuntimeException e) {
                throw failure(
                        op,
                        "its answer is not JSON: \"" + abbreviate(new String(stdout, StandardCharsets.UTF_8)) + "\"");
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw failure(op, "interrupted");
        } catch (java.util.concurrent.ExecutionException | java.util.concurrent.TimeoutException e) {
            throw failure(op, "its output could not be read: " + e.getMessage());
        } finally {
            process.descendants().forEach(ProcessHandle::destroyForcibly);
            process.destroyForcibly();
        }
    }

    private static byte[] drain(InputStream in) {
        try (in) {
            byte[] head = in.readNBytes(ANSWER_LIMIT + 1);
            in.transferTo(OutputStream.nullOutputStream());
            return head;
        } catch (IOException e) {
            return new byte[0];
        }
    }

    private static String abbreviate(String s) {
        String one = s.strip().replaceAll("\\s+", " ");
        return one.length() > 200 ? one.substring(0, 200) + "…" : one;
    }

    private SkiffException failure(String op, String why) {
        return new SkiffException("key provider \"" + name + "\" failed to " + op + " a layer key: " + why);
    }
}
