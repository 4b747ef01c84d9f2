package dev.skiff.cli;

import dev.skiff.SkiffException;
import dev.skiff.io.BoundedRead;
import dev.skiff.model.ManifestDigest;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.concurrent.Callable;
import picocli.CommandLine.Command;
import picocli.CommandLine.Parameters;

/** {@code manifest-digest FILE}: the digest of a manifest file, as skopeo prints it. */
@Command(
        name = "manifest-digest",
        mixinStandardHelpOptions = true,
        description = {
            "Print the digest a registry gives the manifest in FILE (a signed schema 1 manifest without its signatures)."
        },
        footer = {
            "",
            "Example:",
            "  skiff inspect --raw oci:./out:v1 > manifest.json && skiff manifest-digest manifest.json"
        })
final class ManifestDigestCommand implements Callable<Integer> {
    @Parameters(
            index = "0",
            paramLabel = "MANIFEST-FILE",
            description = "A manifest file (e.g. a dir: image's manifest.json).")
    Path file;

    @Override
    public Integer call() throws IOException {
        byte[] raw;
        try (InputStream in = Files.newInputStream(file)) {
            raw = BoundedRead.readAll(in, BoundedRead.MANIFEST_LIMIT, "manifest file " + file);
        } catch (NoSuchFileException e) {
            throw new SkiffException("cannot read manifest file " + file + ": it does not exist");
        }
        System.out.println(ManifestDigest.of(raw));
        return 0;
    }
}
