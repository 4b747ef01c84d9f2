package dev.skiff.transport.archive;

import dev.skiff.SkiffException;
import java.nio.file.Path;

/**
 * A tar archive that is malformed or hostile. The message always names the archive, and the entry
 * when there is one, so a user knows which file to distrust.
 */
public final class TarException extends SkiffException {
    public TarException(Path archive, String entry, String why) {
        super("tar archive " + archive + (entry == null ? "" : ", entry \"" + entry + "\"") + ": " + why);
    }
}
