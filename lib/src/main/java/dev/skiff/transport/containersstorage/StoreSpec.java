package dev.skiff.transport.containersstorage;

import dev.skiff.name.InvalidReferenceException;
import java.util.ArrayList;
import java.util.List;

/**
 * The store part of a {@code containers-storage:} reference, {@code [[driver@]graphroot[+runroot][:options]]},
 * parsed as containers/image's storage transport does: a driver before the first {@code @}, options
 * after the first {@code :} (comma-separated), a run root after the first {@code +}, and the
 * graph root what is left; both roots absolute. Empty parts are allowed where skopeo allows them
 * ({@code [vfs@/g]}, {@code [/g+/r]}); the whole spec cannot be empty. {@link #DEFAULT} (no
 * brackets) is the store Podman uses by default.
 */
public record StoreSpec(String driver, String graphRoot, String runRoot, List<String> options) {
    public static final StoreSpec DEFAULT = new StoreSpec("", "", "", List.of());

    public StoreSpec {
        driver = driver == null ? "" : driver;
        graphRoot = graphRoot == null ? "" : graphRoot;
        runRoot = runRoot == null ? "" : runRoot;
        options = List.copyOf(options);
    }

    /** Parses what is between the brackets; {@code whole} is the reference, for messages. */
    static StoreSpec parse(String spec, String whole) {
        if (spec.isEmpty()) {
            throw invalid(whole, "the store specifier [] is empty (expected [[driver@]graphroot[+runroot][:options]])");
        }
        String rest = spec;
        String driver = "";
        int at = rest.indexOf('@');
        if (at >= 0) {
            driver = rest.substring(0, at);
            rest = rest.substring(at + 1);
            if (driver.isEmpty() || rest.isEmpty()) {
                throw invalid(
                        whole,
                        "the store specifier [" + spec + "] needs a driver before '@' and a graph root after it");
            }
        }
        List<String> options = new ArrayList<>();
        int colon = rest.indexOf(':');
        if (colon >= 0) {
            options.addAll(List.of(rest.substring(colon + 1).split(",", -1)));
            rest = rest.substring(0, colon);
        }
        String runRoot = "";
        int plus = rest.indexOf('+');
        if (plus >= 0) {
            runRoot = rest.substring(plus + 1);
            rest = rest.substring(0, plus);
        }
        String graphRoot = rest;
        if (!graphRoot.isEmpty() && !graphRoot.startsWith("/")) {
            throw invalid(whole, "the graph root \"" + graphRoot + "\" is not an absolute path");
        }
        if (!runRoot.isEmpty() && !runRoot.startsWith("/")) {
            throw invalid(whole, "the run root \"" + runRoot + "\" is not an absolute path");
        }
        return new StoreSpec(driver, graphRoot, runRoot, options);
    }

    public boolean isDefault() {
        return equals(DEFAULT);
    }

    /** The spec as written in a reference: empty for the default store, else {@code [driver@graph+run:opts]}. */
    @Override
    public String toString() {
        if (isDefault()) {
            return "";
        }
        StringBuilder b = new StringBuilder("[");
        if (!driver.isEmpty()) {
            b.append(driver).append('@');
        }
        b.append(graphRoot);
        if (!runRoot.isEmpty()) {
            b.append('+').append(runRoot);
        }
        if (!options.isEmpty()) {
            b.append(':').append(String.join(",", options));
        }
        return b.append(']').toString();
    }

    /** Podman's global flags that select this store ({@code --storage-driver}, {@code --root}, …). */
    List<String> podmanFlags() {
        List<String> flags = new ArrayList<>();
        if (!driver.isEmpty()) {
            flags.addAll(List.of("--storage-driver", driver));
        }
        if (!graphRoot.isEmpty()) {
            flags.addAll(List.of("--root", graphRoot));
        }
        if (!runRoot.isEmpty()) {
            flags.addAll(List.of("--runroot", runRoot));
        }
        for (String option : options) {
            flags.addAll(List.of("--storage-opt", option));
        }
        return flags;
    }

    static InvalidReferenceException invalid(String whole, String why) {
        return new InvalidReferenceException(
                "invalid reference \"" + ContainersStorageTransport.NAME + ":" + whole + "\": " + why);
    }
}
