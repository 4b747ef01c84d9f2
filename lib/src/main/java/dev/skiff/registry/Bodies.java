package dev.skiff.registry;

import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import java.io.IOException;
import okhttp3.Response;

/** Bounded reads of answers (rule 12): manifests, tag lists, tokens are read whole, up to a limit. */
final class Bodies {
    private Bodies() {}

    /**
     * The whole body, refused before reading when its declared length is past {@code limit} and
     * after {@code limit} bytes when it declared none. An I/O failure (a cut) is the caller's.
     */
    static byte[] read(Response r, int limit, String what, RegistryErrors errors) throws IOException {
        String length = r.header("Content-Length");
        if (length != null) {
            try {
                if (Long.parseLong(length.trim()) > limit) {
                    throw errors.of(
                            what + " is larger than the limit of " + limit + " bytes (Content-Length " + length.trim()
                                    + ")",
                            r.code(),
                            r.request().method(),
                            r.request().url());
                }
            } catch (NumberFormatException ignored) {
                // the bounded read still applies
            }
        }
        try {
            return BoundedRead.readAll(r.body().byteStream(), limit, what);
        } catch (RegistryException e) {
            throw e;
        } catch (SkiffException e) {
            throw errors.of(
                    e.getMessage(), r.code(), r.request().method(), r.request().url());
        }
    }
}
