package dev.skiff.trust.sigstore;

import dev.skiff.SkiffException;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;

/**
 * A passphrase kept in a file, read as containers/image's {@code cli.ReadPassphraseFile} (and gpg)
 * read it: the first line only, without its newline; the rest of the file is ignored.
 */
public final class PassphraseFile {
    private static final int LIMIT = 64 * 1024;

    private PassphraseFile() {}

    public static byte[] read(Path file) {
        try (InputStream in = Files.newInputStream(file)) {
            byte[] head = in.readNBytes(LIMIT);
            int end = 0;
            while (end < head.length && head[end] != '\n') {
                end++;
            }
            if (end == LIMIT) {
                throw new SkiffException("passphrase file " + file + " has no end of line in its first 64 KiB");
            }
            return java.util.Arrays.copyOf(head, end);
        } catch (NoSuchFileException e) {
            throw new SkiffException("cannot read passphrase file " + file + ": it does not exist");
        } catch (IOException e) {
            throw new SkiffException("cannot read passphrase file " + file + ": " + e.getMessage(), e);
        }
    }
}
