package dev.skiff.cli.progress;

import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.skiff.copy.CopyResult;
import dev.skiff.model.Json;

/** copy's result for {@code --json}: one object on stdout, the same facts as the summary line. */
public final class CopyJson {
    private CopyJson() {}

    public static String result(CopyResult r, String source, String destination) {
        ObjectNode o = Json.object();
        o.put("source", source);
        o.put("destination", destination);
        o.put("digest", r.digest().toString());
        o.put("mediaType", r.mediaType());
        if (r.chosenPlatform() != null) {
            o.put("platform", r.chosenPlatform().toString());
        }
        if (r.sourceDigest() != null && !r.sourceDigest().equals(r.digest())) {
            o.put("sourceDigest", r.sourceDigest().toString());
        }
        o.put("blobsCopied", r.copied());
        o.put("blobsSkipped", r.skipped());
        o.put("blobsMounted", r.mounted());
        o.put("bytes", r.bytes());
        o.put("seconds", r.elapsed().toMillis() / 1000.0);
        return o.toString();
    }
}
