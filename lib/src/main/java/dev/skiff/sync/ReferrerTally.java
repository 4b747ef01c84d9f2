package dev.skiff.sync;

import java.io.PrintWriter;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Counts the referrers a sync carried ({@code --referrers}, a plan's {@code referrers true}),
 * passing everything else on to the listener it wraps; prints the count after sync's summary.
 */
public final class ReferrerTally implements SyncListener {
    private final SyncListener delegate;
    private final AtomicInteger count = new AtomicInteger();

    public ReferrerTally(SyncListener delegate) {
        this.delegate = delegate == null ? SyncListener.NONE : delegate;
    }

    public int count() {
        return count.get();
    }

    /** {@code Referrers: N copied}, when the plan carries referrers and wrote anything. */
    public void summary(PrintWriter out, SyncPlan plan) {
        if (plan.referrers().enabled() && !plan.dryRun()) {
            out.println("Referrers: " + count() + " copied");
        }
    }

    @Override
    public void planned(int images) {
        delegate.planned(images);
    }

    @Override
    public dev.skiff.copy.CopyListener copying(SyncItem item) {
        return delegate.copying(item);
    }

    /** The listener this one passes on to. */
    public SyncListener delegate() {
        return delegate;
    }

    @Override
    public void finished(SyncOutcome outcome) {
        delegate.finished(outcome);
    }

    @Override
    public void referrersCopied(SyncItem item, int n) {
        count.addAndGet(n);
        delegate.referrersCopied(item, n);
    }
}
