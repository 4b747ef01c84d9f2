package dev.skiff.transport.dockersave;

import java.io.IOException;
import java.io.OutputStream;

/**
 * Where a finished docker-archive goes: a file that appears under its name only when complete,
 * or the body of a Docker Engine API {@code POST /images/load}.
 */
@FunctionalInterface
public interface ArchiveSink {
    /** Runs {@code content} into a stream and makes the result visible; on failure nothing is. */
    void publish(Content content) throws IOException;

    /** Writes the whole archive into the stream it is given. */
    @FunctionalInterface
    interface Content {
        void writeTo(OutputStream out) throws IOException;
    }
}
