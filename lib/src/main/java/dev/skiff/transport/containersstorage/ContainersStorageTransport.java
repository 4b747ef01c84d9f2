package dev.skiff.transport.containersstorage;

import com.fasterxml.jackson.databind.JsonNode;
import dev.skiff.name.Digest;
import dev.skiff.name.ImageName;
import dev.skiff.name.InvalidReferenceException;
import dev.skiff.transport.ImageReference;
import dev.skiff.transport.ImageStore;
import dev.skiff.transport.StoreTransport;
import dev.skiff.transport.Transport;
import dev.skiff.transport.TransportOptions;
import java.io.IOException;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code containers-storage:[[driver@]graphroot[+runroot][:options]]NAME[:TAG][@DIGEST][@IMAGE-ID]}:
 * an image in Podman's local store, parsed as containers/image's storage transport does. The store
 * specifier is optional (Podman's default store); a name is normalised ({@code busybox} is
 * {@code docker.io/library/busybox:latest}, {@code localhost/app} stays); a trailing {@code @}
 * followed by 64 hex digits is an image ID, by {@code sha256:…} a digest; 64 hex digits alone are
 * an image ID. As a store for sync, the location is the store specifier (empty for the default).
 */
public final class ContainersStorageTransport implements Transport, StoreTransport {
    public static final String NAME = "containers-storage";
    public static final ContainersStorageTransport INSTANCE = new ContainersStorageTransport();

    private static final String HEX64 = "[0-9a-fA-F]{64}";

    @Override
    public String name() {
        return NAME;
    }

    @Override
    public ImageReference parse(String withinTransport) {
        String rest = withinTransport;
        StoreSpec store = StoreSpec.DEFAULT;
        if (rest.startsWith("[")) {
            int close = rest.indexOf(']');
            if (close < 0) {
                throw StoreSpec.invalid(withinTransport, "the store specifier has no closing ']'");
            }
            store = StoreSpec.parse(rest.substring(1, close), withinTransport);
            rest = rest.substring(close + 1);
        }
        if (rest.isEmpty()) {
            throw StoreSpec.invalid(
                    withinTransport,
                    "no image name or ID (expected " + NAME + ":" + store + "NAME[:TAG], e.g. " + NAME + ":" + store
                            + "localhost/app:v1)");
        }
        String id = null;
        int at = rest.lastIndexOf('@');
        if (at >= 0) {
            String after = rest.substring(at + 1);
            if (after.isEmpty()) {
                throw StoreSpec.invalid(
                        withinTransport, "nothing follows the last '@' (expected a digest or an image ID)");
            }
            if (!after.contains(":")) {
                if (!after.matches(HEX64)) {
                    throw StoreSpec.invalid(
                            withinTransport,
                            "\"" + after + "\" is neither a digest (sha256:…) nor an image ID (64 hex digits)");
                }
                id = after.toLowerCase(java.util.Locale.ROOT);
                rest = rest.substring(0, at);
            }
        } else if (rest.matches(HEX64)) {
            return new ContainersStorageReference(store, null, rest.toLowerCase(java.util.Locale.ROOT));
        }
        if (rest.isEmpty()) {
            return new ContainersStorageReference(store, null, id);
        }
        ImageName name;
        try {
            name = ImageName.parse(rest);
        } catch (InvalidReferenceException e) {
            throw StoreSpec.invalid(withinTransport, e.getMessage());
        }
        return new ContainersStorageReference(store, name, id);
    }

    /** A store as a sync's source or destination: its named images, by their full names. */
    @Override
    public ImageStore store(String location) {
        ImageReference probe = parse(location + "localhost/probe");
        StoreSpec spec = ((ContainersStorageReference) probe).store();
        if (!(spec + "localhost/probe").equals(location + "localhost/probe")) {
            throw new InvalidReferenceException("invalid store \"" + NAME + ":" + location
                    + "\": expected nothing (Podman's default store) or [[driver@]graphroot[+runroot][:options]]");
        }
        return new ImageStore() {
            @Override
            public ImageReference image(String name) {
                return parse(location + name);
            }

            @Override
            public List<String> names(TransportOptions options) throws IOException {
                try (ServiceLease lease = ServiceLease.of(spec, options)) {
                    List<String> names = new ArrayList<>();
                    for (JsonNode image : lease.api().list()) {
                        JsonNode tags = image.has("Names") ? image.get("Names") : image.get("RepoTags");
                        if (tags == null) {
                            continue;
                        }
                        for (JsonNode tag : tags) {
                            String text = tag.asText();
                            if (!text.isEmpty() && !text.contains("<none>") && !text.contains("@")) {
                                names.add(text);
                            }
                        }
                    }
                    return names;
                }
            }
        };
    }

    /** The digest form used by an image ID, for messages and look-ups. */
    static Digest idDigest(String id) {
        return Digest.parse("sha256:" + id);
    }
}
