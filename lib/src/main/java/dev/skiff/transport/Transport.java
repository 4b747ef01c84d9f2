package dev.skiff.transport;

/** A kind of place images live in ({@code docker}, {@code oci}…), which parses its own references. */
public interface Transport {
    /** The prefix in {@code name:reference}, e.g. {@code oci}. */
    String name();

    /** Parses what follows {@code name:}; throws {@link dev.skiff.name.InvalidReferenceException}. */
    ImageReference parse(String withinTransport);
}
