package dev.skiff;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.util.Properties;

/**
 * Skiff's version, from {@code dev/skiff/version.properties}, which Maven fills in from the project
 * version when it builds the library: the pom is the only place the version is written.
 */
public final class Version {
    private static final String RESOURCE = "version.properties";

    private Version() {}

    /** The project version, such as {@code 0.1.0-SNAPSHOT}. */
    public static String get() {
        try (InputStream in = Version.class.getResourceAsStream(RESOURCE)) {
            if (in == null) {
                throw new IllegalStateException(
                        "dev/skiff/" + RESOURCE + " is missing from the library: it was not built by Maven");
            }
            Properties properties = new Properties();
            properties.load(in);
            String version = properties.getProperty("version", "");
            if (version.isEmpty() || version.startsWith("${")) {
                // An unfiltered copy (an IDE that copies resources itself): better said than shown as
                // "${project.version}".
                throw new IllegalStateException(
                        "dev/skiff/" + RESOURCE + " was not filtered by Maven: it says \"" + version + "\"");
            }
            return version;
        } catch (IOException e) {
            throw new UncheckedIOException("cannot read dev/skiff/" + RESOURCE, e);
        }
    }
}
