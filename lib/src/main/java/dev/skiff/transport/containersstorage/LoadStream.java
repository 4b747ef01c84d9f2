package dev.skiff.transport.containersstorage;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import dev.skiff.io.UnixHttp;
import dev.skiff.model.Descriptor;
import dev.skiff.name.Digest;
import dev.skiff.transport.archive.TarWriter;
import dev.skiff.transport.layout.LayoutIndex;
import dev.skiff.transport.layout.LayoutStore;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashSet;
import java.util.Set;
import java.util.function.UnaryOperator;

/**
 * An OCI archive written straight into Podman's {@code images/load} request as the blobs arrive:
 * no archive is staged on disk here. The request starts with the first blob; index.json (with the
 * image's name as its ref name, which Podman takes as the image's name) ends it, and only then
 * does Podman load anything. Closed before that, the connection is dropped mid-body, Podman
 * sees a broken upload, and nothing is imported.
 */
final class LoadStream implements LayoutStore {
    private final LibpodApi api;
    private final String what;
    private final Set<String> written = new HashSet<>();
    private UnixHttp.Upload upload;
    private TarWriter tar;
    private boolean broken;
    private JsonNode answer;

    LoadStream(LibpodApi api, String what) {
        this.api = api;
        this.what = what;
    }

    /** What Podman answered to the load (its {@code Names}); null before commit. */
    JsonNode answer() {
        return answer;
    }

    @Override
    public synchronized boolean hasBlob(Descriptor blob) {
        return written.contains(name(blob.digest()));
    }

    /** One entry at a time: the request body is one stream, so parallel blob copies take turns here. */
    @Override
    public synchronized void writeBlob(Descriptor blob, InputStream content) throws IOException {
        String name = name(blob.digest());
        if (written.contains(name)) {
            return;
        }
        boolean done = false;
        try {
            tar().file(name, blob.size(), content);
            done = true;
        } finally {
            broken |= !done;
        }
        written.add(name);
    }

    /** A layer whose size is known only at its end is spooled first: a tar entry needs its size before its bytes. */
    @Override
    public Descriptor writeBlob(String mediaType, InputStream content) throws IOException {
        Path spool = Files.createTempFile("skiff-containers-storage-", ".blob");
        try {
            java.security.DigestInputStream hashing = new java.security.DigestInputStream(content, Digest.newSha256());
            long size;
            try (var out = Files.newOutputStream(spool)) {
                size = hashing.transferTo(out);
            }
            Descriptor blob = Descriptor.of(mediaType, Digest.sha256(hashing.getMessageDigest()), size);
            try (InputStream in = Files.newInputStream(spool)) {
                writeBlob(blob, in);
            }
            return blob;
        } finally {
            Files.deleteIfExists(spool);
        }
    }

    @Override
    public synchronized void commitIndex(UnaryOperator<ArrayNode> change) throws IOException {
        if (broken) {
            throw new IllegalStateException("commit after a failed blob write");
        }
        tar().file("index.json", LayoutIndex.update(null, change, what));
        tar.finish();
        UnixHttp.Upload done = upload;
        upload = null;
        answer = api.loaded(done.finish(), what);
    }

    private TarWriter tar() throws IOException {
        if (tar == null) {
            upload = api.startLoad();
            tar = new TarWriter(upload.body());
            tar.file("oci-layout", LayoutIndex.LAYOUT_FILE);
        }
        return tar;
    }

    private static String name(Digest digest) {
        return "blobs/" + digest.algorithm() + "/" + digest.hex();
    }

    /** Without a commit, drops the request: Podman keeps nothing of a broken upload. */
    @Override
    public synchronized void close() throws IOException {
        if (upload != null) {
            upload.abort();
            upload = null;
        }
    }
}
