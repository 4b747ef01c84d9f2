package dev.skiff.cli;

import dev.skiff.Version;
import picocli.CommandLine.IVersionProvider;

/** What {@code --version} prints, for skiff and each of its commands: the version the library was built as. */
public final class SkiffVersion implements IVersionProvider {
    @Override
    public String[] getVersion() {
        return new String[] {"skiff " + Version.get()};
    }
}
