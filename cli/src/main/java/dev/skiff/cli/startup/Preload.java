package dev.skiff.cli.startup;

import dev.skiff.model.Json;
import dev.skiff.registry.RegistryClient;
import java.util.Arrays;
import java.util.List;

/**
 * Start-up work done on the second core while picocli builds its model on the first. Picocli's
 * first command line costs a cold JVM about 100 ms (the JDK reading its annotations, interpolating
 * every text); meanwhile this thread loads and initialises what the command will need next: the
 * JSON parser and, when a registry is involved, the HTTP client (OkHttp). The command runs only
 * after this thread is done, so the two never initialise the same classes at once.
 */
public final class Preload {
    private final Thread thread;

    private Preload(Runnable work) {
        thread = new Thread(work, "skiff-preload");
        thread.setDaemon(true);
        thread.start();
    }

    /* Every registry request goes through OkHttp, sync's HEADs included, so sync warms it up too. */
    public static Preload start(String[] args) {
        List<String> words = Arrays.asList(args);
        boolean registry = words.contains("sync")
                || words.stream().anyMatch(a -> a.startsWith("docker://"))
                || words.contains("login")
                || words.contains("logout")
                || words.contains("catalog");
        return new Preload(() -> {
            try {
                Json.tree("{\"a\":[1,\"b\",true,null]}");
                if (registry) {
                    RegistryClient.warmUp();
                }
            } catch (Exception | LinkageError e) {
                // only a head start: whatever fails here fails again, and is reported, where it is needed
            }
        });
    }

    /** Waits for the head start to end (it never takes long; a stuck one is not waited for). */
    public void finish() {
        try {
            thread.join(2_000);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
