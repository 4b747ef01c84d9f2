package dev.skiff.cli;

/** A command that words hints in its own flags; {@link ErrorReporter} asks it for every failure it reports. */
public interface Advised {
    Advice advice();
}
