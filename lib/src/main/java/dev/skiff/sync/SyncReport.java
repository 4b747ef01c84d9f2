package dev.skiff.sync;

import java.time.Duration;
import java.util.List;

/** The outcomes of a run, in the order the images were planned, and how long it took. */
public record SyncReport(List<SyncOutcome> outcomes, Duration elapsed, boolean stoppedEarly) {
    public SyncReport {
        outcomes = List.copyOf(outcomes);
    }

    public List<SyncOutcome> with(SyncOutcome.Status status) {
        return outcomes.stream().filter(o -> o.status() == status).toList();
    }

    public long bytes() {
        return outcomes.stream()
                .filter(o -> o.status() == SyncOutcome.Status.COPIED)
                .mapToLong(SyncOutcome::bytes)
                .sum();
    }

    public boolean failed() {
        return stoppedEarly || !with(SyncOutcome.Status.FAILED).isEmpty();
    }
}
