package dev.skiff.cli.progress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.copy.BlobOutcome;
import dev.skiff.copy.CopyListener;
import dev.skiff.model.Descriptor;
import dev.skiff.model.Json;
import dev.skiff.sync.SyncItem;
import dev.skiff.sync.SyncListener;
import dev.skiff.sync.SyncOutcome;
import java.io.PrintWriter;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.LongSupplier;

/**
 * Progress for programs ({@code --json}): one JSON object per line on stderr, so stdout keeps only
 * the result. Events: {@code blobs-planned}, {@code blob-started}, {@code blob-progress} ({@code bytes}
 * done so far, at most {@value #PER_SECOND} a second per blob, always the last), {@code blob-done};
 * for sync and mirror also {@code images-planned}, {@code image-started}, {@code image-done}, and the
 * blob events carry the {@code image} they belong to.
 */
public final class JsonProgress implements CopyListener, SyncListener {
    static final int PER_SECOND = 10;

    private final PrintWriter err;
    private final LongSupplier clock;
    private final String image;
    private final Map<Descriptor, Long> lastReport = new ConcurrentHashMap<>();

    public JsonProgress(PrintWriter err, LongSupplier clock) {
        this(err, clock, null);
    }

    private JsonProgress(PrintWriter err, LongSupplier clock, String image) {
        this.err = err;
        this.clock = clock;
        this.image = image;
    }

    @Override
    public void blobsPlanned(List<Descriptor> blobs) {
        ObjectNode e = event("blobs-planned");
        e.put("blobs", blobs.size());
        e.put("bytes", blobs.stream().mapToLong(Descriptor::size).sum());
        emit(e);
    }

    @Override
    public void blobStarted(Descriptor blob) {
        emit(blob(event("blob-started"), blob));
    }

    @Override
    public void blobProgress(Descriptor blob, long bytes) {
        long now = clock.getAsLong();
        Long last = lastReport.get(blob);
        if (bytes < blob.size() && last != null && now - last < 1_000_000_000L / PER_SECOND) {
            return;
        }
        lastReport.put(blob, now);
        ObjectNode e = blob(event("blob-progress"), blob);
        e.put("bytes", bytes);
        emit(e);
    }

    @Override
    public void blobDone(Descriptor blob, BlobOutcome outcome) {
        lastReport.remove(blob);
        ObjectNode e = blob(event("blob-done"), blob);
        e.put("outcome", outcome.name().toLowerCase(Locale.ROOT));
        emit(e);
    }

    @Override
    public void planned(int images) {
        ObjectNode e = event("images-planned");
        e.put("images", images);
        emit(e);
    }

    @Override
    public CopyListener copying(SyncItem item) {
        ObjectNode e = event("image-started");
        e.put("source", item.source().toString());
        e.put("destination", item.destination().toString());
        emit(e);
        return new JsonProgress(err, clock, item.source().toString());
    }

    @Override
    public void finished(SyncOutcome o) {
        ObjectNode e = event("image-done");
        e.put("source", o.item().source().toString());
        e.put("destination", o.item().destination().toString());
        e.put("status", o.status().name().toLowerCase(Locale.ROOT).replace('_', '-'));
        if (o.digest() != null) {
            e.put("digest", o.digest().toString());
        }
        e.put("bytes", o.bytes());
        if (o.reason() != null) {
            e.put("reason", o.reason());
        }
        emit(e);
    }

    private ObjectNode event(String name) {
        ObjectNode e = Json.object();
        e.put("event", name);
        if (image != null) {
            e.put("image", image);
        }
        return e;
    }

    private static ObjectNode blob(ObjectNode e, Descriptor blob) {
        e.put("digest", blob.digest().toString());
        e.put("size", blob.size());
        return e;
    }

    private void emit(ObjectNode e) {
        String line = e.toString();
        synchronized (err) {
            err.println(line);
            err.flush();
        }
    }
}
