package dev.skiff.trust.lookaside;

import dev.skiff.Hint;
import dev.skiff.Side;
import dev.skiff.SkiffException;
import dev.skiff.io.AtomicFiles;
import dev.skiff.io.BoundedRead;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.transport.SignatureOptions;
import dev.skiff.transport.SignatureRefusal;
import dev.skiff.trust.Signature;
import java.io.IOException;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.Set;

/**
 * A registry's signatures kept beside it ("lookaside", containers-registries.d(5)): under the
 * configured URL, {@code REPO@sha256=HEX/signature-N} from 1 until one is missing. {@code file://}
 * is read and written; {@code http(s)://} is read. A signature is at most 4 MiB; a redirect to
 * another host is refused, and no credentials are ever sent (the lookaside is not the registry).
 */
public final class Lookaside {
    /** containers/image's bound on one signature. */
    public static final int SIGNATURE_LIMIT = 4 * 1024 * 1024;

    private static final int MAX_REDIRECTS = 5;

    private Lookaside() {}

    /** The lookaside base URL for an image, reading or writing; the built-in default when registries.d sets none. */
    public static URI base(ImageName name, SignatureOptions options, boolean write) {
        RegistriesD config = RegistriesD.load(options.registriesD());
        RegistriesD.Namespace ns = config.lookup(name);
        String url = ns == null ? null : ns.url(write);
        if (url == null) {
            // containers/image's built-in default: a per-user (or, for root, system) directory.
            Path dir = "root".equals(System.getProperty("user.name"))
                    ? Path.of("/var/lib/containers/sigstore")
                    : Path.of(System.getProperty("user.home"), ".local", "share", "containers", "sigstore");
            return dir.toUri();
        }
        try {
            URI uri = new URI(url);
            if (uri.getScheme() == null) {
                throw new SkiffException("lookaside \"" + url + "\" for " + name.repositoryName() + " is not a URL");
            }
            return uri;
        } catch (java.net.URISyntaxException e) {
            throw new SkiffException(
                    "lookaside \"" + url + "\" for " + name.repositoryName() + " is not a URL: " + e.getMessage());
        }
    }

    /** {@code BASE/REPO@ALG=HEX}: the repository path without the host, as containers/image lays it out. */
    static String imageDir(URI base, ImageName name, Digest manifest) {
        String b = base.toString();
        return (b.endsWith("/") ? b.substring(0, b.length() - 1) : b) + "/" + name.repository() + "@"
                + manifest.algorithm() + "=" + manifest.hex();
    }

    public static List<Signature> read(ImageName name, Digest manifest, SignatureOptions options) throws IOException {
        URI base = base(name, options, false);
        String dir = imageDir(base, name, manifest);
        List<Signature> out = new ArrayList<>();
        switch (base.getScheme()) {
            case "file" -> {
                for (int n = 1; ; n++) {
                    Path file = Path.of(URI.create(dir + "/signature-" + n));
                    if (!Files.isRegularFile(file)) {
                        break;
                    }
                    options.debug("lookaside read " + file);
                    try (InputStream in = Files.newInputStream(file)) {
                        out.add(Signature.fromBlob(bounded(in, file.toString())));
                    }
                }
            }
            case "http", "https" -> {
                HttpClient client = HttpClient.newBuilder()
                        .followRedirects(HttpClient.Redirect.NEVER)
                        .connectTimeout(Duration.ofSeconds(30))
                        .build();
                for (int n = 1; ; n++) {
                    byte[] body = get(client, URI.create(dir + "/signature-" + n), options);
                    if (body == null) {
                        break;
                    }
                    out.add(Signature.fromBlob(body));
                }
            }
            default ->
                throw new SkiffException("lookaside " + base + " uses scheme " + base.getScheme()
                        + "; Skiff reads file:, http: and https:");
        }
        return out;
    }

    /** The body, or null on 404; a redirect is followed only to the same scheme, host and port. */
    private static byte[] get(HttpClient client, URI uri, SignatureOptions options) throws IOException {
        URI at = uri;
        for (int hops = 0; hops <= MAX_REDIRECTS; hops++) {
            options.debug("lookaside GET " + at);
            HttpResponse<InputStream> r;
            try {
                r = client.send(
                        HttpRequest.newBuilder(at)
                                .GET()
                                .timeout(Duration.ofSeconds(60))
                                .build(),
                        HttpResponse.BodyHandlers.ofInputStream());
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new SkiffException("reading signatures interrupted");
            }
            int status = r.statusCode();
            if (status == 404) {
                r.body().close();
                return null;
            }
            if (status >= 300
                    && status < 400
                    && r.headers().firstValue("Location").isPresent()) {
                r.body().close();
                URI next = at.resolve(r.headers().firstValue("Location").get());
                if (!sameOrigin(at, next)) {
                    throw new SkiffException(
                            "lookaside " + uri + " redirects to another host (" + next.getScheme() + "://"
                                    + next.getHost() + (next.getPort() < 0 ? "" : ":" + next.getPort())
                                    + "); Skiff follows lookaside redirects only on the same host");
                }
                at = next;
                continue;
            }
            if (status != 200) {
                r.body().close();
                throw new SkiffException("lookaside " + at + " answered HTTP " + status);
            }
            try (InputStream in = r.body()) {
                return bounded(in, at.toString());
            }
        }
        throw new SkiffException("lookaside " + uri + " redirects more than " + MAX_REDIRECTS + " times");
    }

    private static boolean sameOrigin(URI a, URI b) {
        return Objects.equals(a.getScheme(), b.getScheme())
                && a.getHost() != null
                && a.getHost().equalsIgnoreCase(b.getHost())
                && port(a) == port(b);
    }

    private static int port(URI u) {
        return u.getPort() >= 0 ? u.getPort() : "https".equals(u.getScheme()) ? 443 : 80;
    }

    private static byte[] bounded(InputStream in, String what) throws IOException {
        try {
            return BoundedRead.readAll(in, SIGNATURE_LIMIT, "signature " + what);
        } catch (IOException | RuntimeException e) {
            if (e instanceof SkiffException || String.valueOf(e.getMessage()).contains("limit")) {
                throw new SkiffException("signature " + what + " is larger than 4 MiB; refusing it");
            }
            throw e;
        }
    }

    /** Throws {@link SignatureRefusal} unless signatures of {@code name} can be written (a file: lookaside). */
    public static void checkWritable(
            ImageName name, Set<String> formats, SignatureOptions options, String destination) {
        if (formats.isEmpty()) {
            return;
        }
        URI base = base(name, options, true);
        if (!"file".equals(base.getScheme())) {
            throw new SignatureRefusal(
                    "cannot write signatures of " + destination + " to lookaside " + base
                            + ": Skiff writes lookaside signatures to file: URLs only (set lookaside-staging in registries.d)",
                    destination);
        }
    }

    /**
     * Where the signatures of {@code name} are deleted from (the lookaside registries.d names for
     * writing, as skopeo deletes them with the image); throws unless it is a file: URL. Asked before
     * anything is deleted, so that a lookaside that cannot be cleaned leaves the image too.
     */
    public static URI deletableBase(ImageName name, SignatureOptions options, String image) {
        URI base = base(name, options, true);
        if (!"file".equals(base.getScheme())) {
            throw new SkiffException(
                    "cannot delete " + image + ": its signatures would stay in lookaside " + base
                            + " (signatures are deleted from file: URLs only)",
                    Hint.LOOKASIDE_READ_ONLY,
                    base.toString(),
                    Side.UNKNOWN,
                    null);
        }
        return base;
    }

    /**
     * Deletes the image's signatures under {@code base} (from {@link #deletableBase}),
     * {@code signature-1} upwards until one is missing, as containers/image does; returns how many.
     */
    public static int delete(URI base, ImageName name, Digest manifest, SignatureOptions options) throws IOException {
        Path dir = Path.of(URI.create(imageDir(base, name, manifest)));
        for (int n = 1; ; n++) {
            Path file = dir.resolve("signature-" + n);
            if (!Files.deleteIfExists(file)) {
                return n - 1;
            }
            options.debug("lookaside delete " + file);
        }
    }

    /** Stores {@code signatures} (in containers/image's storage form) as the image's complete set, removing higher-numbered leftovers. */
    public static void write(ImageName name, Digest manifest, List<Signature> signatures, SignatureOptions options)
            throws IOException {
        List<Signature> simple = signatures;
        if (simple.isEmpty()) {
            return;
        }
        URI base = base(name, options, true);
        Path dir = Path.of(URI.create(imageDir(base, name, manifest)));
        Files.createDirectories(dir);
        int n = 1;
        for (Signature s : simple) {
            Path file = dir.resolve("signature-" + n++);
            options.debug("lookaside write " + file);
            AtomicFiles.write(file, s.toBlob());
        }
        while (Files.deleteIfExists(dir.resolve("signature-" + n))) {
            n++;
        }
    }
}
