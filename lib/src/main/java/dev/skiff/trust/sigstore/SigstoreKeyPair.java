package dev.skiff.trust.sigstore;

import dev.skiff.SkiffException;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.SeekableByteChannel;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Set;

/**
 * The two files of a new sigstore key, kept apart by type so the private and public halves cannot
 * be swapped by mistake (as containers/image's {@code GenerateKeyPairResult}).
 */
public record SigstoreKeyPair(byte[] privateKeyPem, byte[] publicKeyPem) {
    /**
     * Writes {@code PREFIX.private} (mode 0600) and {@code PREFIX.pub} (0644), as skopeo's
     * generate-sigstore-key: an existing file is never overwritten, and both are checked before
     * either is written.
     */
    public KeyFiles writeTo(String prefix) {
        Path privateFile = Path.of(prefix + ".private");
        Path publicFile = Path.of(prefix + ".pub");
        refuseExisting(privateFile);
        refuseExisting(publicFile);
        write(privateFile, privateKeyPem, "rw-------");
        write(publicFile, publicKeyPem, "rw-r--r--");
        return new KeyFiles(privateFile, publicFile);
    }

    /** Where {@link #writeTo} put the keys. */
    public record KeyFiles(Path privateKey, Path publicKey) {}

    private static void refuseExisting(Path file) {
        if (Files.exists(file, java.nio.file.LinkOption.NOFOLLOW_LINKS)) {
            throw new SkiffException("refusing to overwrite existing \"" + file + "\"");
        }
    }

    private static void write(Path file, byte[] content, String mode) {
        Set<OpenOption> options = Set.of(StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
        // CREATE_NEW: a file that appeared since the check is still not overwritten. The mode is set
        // at creation, so the private key is never readable by others, not even for a moment.
        try (SeekableByteChannel out = newChannel(file, options, mode)) {
            ByteBuffer buffer = ByteBuffer.wrap(content);
            while (buffer.hasRemaining()) {
                out.write(buffer);
            }
        } catch (FileAlreadyExistsException e) {
            throw new SkiffException("refusing to overwrite existing \"" + file + "\"");
        } catch (IOException e) {
            throw new SkiffException("cannot write key " + file + ": " + e.getMessage(), e);
        }
    }

    private static SeekableByteChannel newChannel(Path file, Set<OpenOption> options, String mode) throws IOException {
        try {
            return Files.newByteChannel(
                    file, options, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString(mode)));
        } catch (UnsupportedOperationException e) {
            return Files.newByteChannel(file, options); // not a POSIX file system: its defaults, as Go's there
        }
    }
}
