package dev.skiff.transport.containersstorage;

import dev.skiff.SkiffException;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * Podman's service for one store, reached over its libpod API: a service already listening (for
 * the default store: {@code CONTAINER_HOST=unix://…}, else {@code $XDG_RUNTIME_DIR/podman/podman.sock},
 * else {@code /run/podman/podman.sock}), or one started here, {@code podman [store flags] system
 * service --time=N unix://PRIVATE}, on a socket in a private temp folder, and stopped on
 * {@link #close()}. A store named in the reference ({@code [vfs@/g+/r]}) always gets its own
 * service: a running one serves the default store. Skiff never touches the store's files itself.
 */
final class PodmanService implements AutoCloseable {
    /** How long a started service lives on unused should this process die without stopping it. */
    static final int IDLE_SECONDS = 300;

    private static final long START_TIMEOUT_SECONDS = 30;

    private final LibpodApi api;
    private final Process process;
    private final Path privateDir;
    private final Thread stopAtExit;

    private PodmanService(LibpodApi api, Process process, Path privateDir) {
        this.api = api;
        this.process = process;
        this.privateDir = privateDir;
        if (process != null) {
            this.stopAtExit = new Thread(this::stop, "skiff-podman-service-stop");
            Runtime.getRuntime().addShutdownHook(stopAtExit);
        } else {
            this.stopAtExit = null;
        }
    }

    LibpodApi api() {
        return api;
    }

    /** The service for {@code store}: one listening, else one started for this process. */
    static PodmanService forStore(StoreSpec store) throws IOException {
        if (store.isDefault()) {
            String host = System.getenv("CONTAINER_HOST");
            if (host != null && !host.isBlank()) {
                if (!host.startsWith("unix://") || host.length() == "unix://".length()) {
                    throw new SkiffException(
                            "CONTAINER_HOST=" + host + " is not supported: containers-storage: speaks"
                                    + " to a local unix socket only; set CONTAINER_HOST=unix:///path/to/podman.sock or unset it");
                }
                Path socket = Path.of(host.substring("unix://".length()));
                LibpodApi api = new LibpodApi(
                        socket,
                        "Podman's service at " + host,
                        "start `podman system service unix://" + socket
                                + "`, or unset CONTAINER_HOST to let Skiff start one");
                if (!api.answers()) {
                    throw new SkiffException("nothing answers as Podman's service at CONTAINER_HOST=" + host
                            + ": start `podman system service " + host + "`, or unset CONTAINER_HOST");
                }
                return new PodmanService(api, null, null);
            }
            Path socket = defaultSocket();
            if (Files.exists(socket)) {
                if (!Files.isWritable(socket)) {
                    throw new SkiffException("permission denied on Podman's socket unix://" + socket
                            + ": run as a user allowed to use it, or point CONTAINER_HOST=unix:///path/to/podman.sock"
                            + " at a service you may use");
                }
                LibpodApi api = new LibpodApi(
                        socket, "Podman's store (its service at unix://" + socket + ")", "start Podman's service");
                if (api.answers()) {
                    return new PodmanService(api, null, null);
                }
            }
        }
        return start(store);
    }

    /**
     * Where Podman's own service listens for this user, as Podman decides it: root's at
     * {@code /run/podman/podman.sock}, a rootless user's under {@code $XDG_RUNTIME_DIR} (root's
     * socket serves root's store, not the user's, so it is never used for another user).
     */
    private static Path defaultSocket() {
        String runtime = System.getenv("XDG_RUNTIME_DIR");
        if (!isRoot() && runtime != null && !runtime.isBlank()) {
            return Path.of(runtime, "podman", "podman.sock");
        }
        return Path.of("/run/podman/podman.sock");
    }

    private static boolean isRoot() {
        try {
            return Integer.valueOf(0).equals(Files.getAttribute(Path.of("/proc/self"), "unix:uid"));
        } catch (IOException | UnsupportedOperationException | IllegalArgumentException e) {
            return "root".equals(System.getProperty("user.name"));
        }
    }

    private static PodmanService start(StoreSpec store) throws IOException {
        Path dir = Files.createTempDirectory("skiff-podman-");
        Path socket = dir.resolve("podman.sock");
        Path log = dir.resolve("service.log");
        List<String> command = new ArrayList<>();
        command.add("podman");
        command.addAll(store.podmanFlags());
        command.addAll(List.of("system", "service", "--time=" + IDLE_SECONDS, "unix://" + socket));
        Process process;
        try {
            process = new ProcessBuilder(command)
                    .redirectErrorStream(true)
                    .redirectOutput(log.toFile())
                    .redirectInput(ProcessBuilder.Redirect.from(new java.io.File("/dev/null")))
                    .start();
        } catch (IOException e) {
            deleteQuietly(dir);
            throw new SkiffException("cannot start Podman's service for containers-storage: (" + e.getMessage()
                    + "): install podman (it must be on PATH), or run `podman system service` and point"
                    + " CONTAINER_HOST=unix:///path/to/podman.sock at it");
        }
        PodmanService service = new PodmanService(
                new LibpodApi(
                        socket,
                        "Podman's store " + describe(store),
                        "Podman's service started by Skiff stopped; see " + log),
                process,
                dir);
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(START_TIMEOUT_SECONDS);
        try {
            while (System.nanoTime() < deadline) {
                if (!process.isAlive()) {
                    throw new SkiffException("Podman's service for the store " + describe(store) + " exited ("
                            + process.exitValue() + ") before answering: " + lastLines(log)
                            + " (check the store's driver and paths, or whether another program holds it)");
                }
                if (Files.exists(socket) && service.api.answers()) {
                    return service;
                }
                Thread.sleep(50);
            }
            throw new SkiffException("Podman's service for the store " + describe(store) + " did not answer within "
                    + START_TIMEOUT_SECONDS + " s (is the store locked by another program?): " + lastLines(log));
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            service.close();
            throw new java.io.InterruptedIOException("interrupted while starting Podman's service");
        } catch (RuntimeException e) {
            service.close();
            throw e;
        }
    }

    static String describe(StoreSpec store) {
        return store.isDefault() ? "(Podman's default)" : store.toString();
    }

    private static String lastLines(Path log) {
        try {
            List<String> lines = Files.readAllLines(log, StandardCharsets.UTF_8);
            String text = String.join(" / ", lines.subList(Math.max(0, lines.size() - 3), lines.size()))
                    .trim();
            return text.isEmpty() ? "(it printed nothing)" : text;
        } catch (IOException | UncheckedIOException e) {
            return "(no log)";
        }
    }

    /** Stops a service started here (and removes its private folder); a service found running is left alone. */
    @Override
    public void close() {
        if (process == null) {
            return;
        }
        stop();
        try {
            Runtime.getRuntime().removeShutdownHook(stopAtExit);
        } catch (IllegalStateException shuttingDown) {
            // the hook is running or will: it stops the same process
        }
    }

    private void stop() {
        if (process.isAlive()) {
            process.destroy();
            try {
                if (!process.waitFor(10, TimeUnit.SECONDS)) {
                    process.destroyForcibly();
                    process.waitFor(5, TimeUnit.SECONDS);
                }
            } catch (InterruptedException e) {
                process.destroyForcibly();
                Thread.currentThread().interrupt();
            }
        }
        deleteQuietly(privateDir);
    }

    private static void deleteQuietly(Path dir) {
        if (dir == null) {
            return;
        }
        try (var files = Files.walk(dir)) {
            files.sorted(java.util.Comparator.reverseOrder()).forEach(p -> {
                try {
                    Files.deleteIfExists(p);
                } catch (IOException ignored) {
                    // a leftover temp file is harmless
                }
            });
        } catch (IOException ignored) {
            // already gone
        }
    }
}
