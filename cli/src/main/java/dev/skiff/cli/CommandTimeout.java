package dev.skiff.cli;

import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.FutureTask;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import picocli.CommandLine;

/**
 * skopeo's {@code --command-timeout}: the command runs on a worker thread; past the timeout it
 * is interrupted and the command fails (exit 1) with a line that says so. The JVM exits right
 * after, so nothing the command left running outlives it.
 */
final class CommandTimeout {
    private CommandTimeout() {}

    static int run(Duration timeout, Callable<Integer> command, CommandLine line) {
        FutureTask<Integer> task = new FutureTask<>(command);
        Thread worker = new Thread(task, "skiff-command");
        worker.setDaemon(true);
        worker.start();
        try {
            return task.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            task.cancel(true);
            line.getErr()
                    .println("Error: the command did not finish within " + human(timeout)
                            + " (--command-timeout); it was stopped");
            line.getErr().flush();
            return 1;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            task.cancel(true);
            return 1;
        } catch (ExecutionException e) {
            // picocli's own handlers word what the command threw, as they do without a timeout
            if (e.getCause() instanceof RuntimeException r) {
                throw r;
            }
            if (e.getCause() instanceof Error err) {
                throw err;
            }
            throw new IllegalStateException(e.getCause());
        }
    }

    private static String human(Duration d) {
        long ms = d.toMillis();
        return ms % 1000 == 0 ? ms / 1000 + "s" : ms + "ms";
    }
}
